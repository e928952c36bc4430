-- grain: the graduates of one specialty at one college in one graduation year, and how many of them are excused
-- key: graduation_year, inst_code, specialty_code
-- materialized: table
-- slice: inst_code, graduation_year as year
-- The counts `graduate_supply` reads (refreshed with every upload). Excused: the status group
-- «excused» — army by conscription or contract, continuing education, parental leave, as
-- employment_cells counts them (from employment_counts, so a college-year reported by the federal
-- form alone counts too).
with cells as (
    -- per-graduate rows, or row 01 of the federal monitoring form for a college and year that sent
    -- only the form (issue 14): the employment counts as employment_cells sums them by status group
    select * from employment_cells
),

final as (
    select
        c.year as graduation_year,
        c.inst_code,
        c.specialty_code,
        i.municipality,
        cast(c.graduates as bigint) as graduates,
        cast(c.excused as bigint) as excused
    from cells as c
    inner join institutions as i using (inst_code)
)

select * from final
