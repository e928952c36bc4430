-- grain: the graduates of one specialty at one college in one graduation year, and how many of them are excused
-- key: graduation_year, inst_code, specialty_code
-- materialized: table
-- slice: inst_code, graduation_year as year
-- The counts `graduate_supply` reads (refreshed with every upload). Excused: the status group
-- «excused» — army by conscription or contract, continuing education, parental leave. From
-- employment_counts, so a college-year reported by the federal form alone counts too.
with counts as (
    -- per-graduate rows, or row 01 of the federal monitoring form for a college and year that sent
    -- only the form (issue 14): the one source of employment counts
    select c.graduation_year, c.inst_code, c.specialty_code, c.graduates, s.status_group
    from employment_counts as c
    left join seed.employment_statuses as s on s.status_code = c.status
),

final as (
    select
        c.graduation_year,
        c.inst_code,
        c.specialty_code,
        i.municipality,
        cast(sum(c.graduates) as bigint) as graduates,
        cast(coalesce(sum(c.graduates) filter (where c.status_group = 'excused'), 0) as bigint) as excused
    from counts as c
    inner join institutions as i using (inst_code)
    group by c.graduation_year, c.inst_code, c.specialty_code, i.municipality
)

select * from final
