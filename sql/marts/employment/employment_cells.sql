-- grain: the graduates of one college, graduation year and specialty, counted by status group
-- key: year, inst_code, specialty_code
-- materialized: table
-- slice: inst_code, year
-- The counts behind every employment figure (K1, K2, the retained share, «Иное»): summed once here
-- from employment_counts (per-graduate rows, or row 01 of the federal form for a college and year
-- that sent only the form) over the status groups of seed.employment_statuses:
-- «employed» = employed, entrepreneur, self-employed (K1's numerator); «excused» = army by
-- conscription or contract, continuing education, parental leave (left out of K1's denominator).
-- employed_contract is the status «employed» alone (K2's denominator), by_specialty and retained_4m
-- its two flags. No person-level rows: these are the cells small-cell protection works on
-- (mart/access/privacy.py), and employment_rates adds them up to every selection the screens show.
with counts as (
    select
        c.graduation_year,
        c.inst_code,
        c.specialty_code,
        c.status,
        c.graduates,
        c.by_specialty,
        c.retained_4m,
        s.status_group
    from employment_counts as c
    left join seed.employment_statuses as s on s.status_code = c.status
),

cells as (
    select
        graduation_year,
        inst_code,
        specialty_code,
        sum(graduates) as graduates,
        coalesce(sum(graduates) filter (where status_group = 'employed'), 0) as employed,
        coalesce(sum(graduates) filter (where status_group = 'excused'), 0) as excused,
        coalesce(sum(graduates) filter (where status = 'employed'), 0) as employed_contract,
        coalesce(sum(by_specialty) filter (where status = 'employed'), 0) as by_specialty,
        coalesce(sum(retained_4m) filter (where status = 'employed'), 0) as retained_4m,
        coalesce(sum(graduates) filter (where status = 'other'), 0) as other_status
    from counts
    group by graduation_year, inst_code, specialty_code
),

final as (
    select
        cast(c.graduation_year as integer) as year,
        c.inst_code,
        i.municipality,
        c.specialty_code,
        cast(c.graduates as integer) as graduates,
        cast(c.employed as integer) as employed,
        cast(c.excused as integer) as excused,
        cast(c.employed_contract as integer) as employed_contract,
        cast(c.by_specialty as integer) as by_specialty,
        cast(c.retained_4m as integer) as retained_4m,
        cast(c.other_status as integer) as other_status
    from cells as c
    left join institutions as i using (inst_code)
)

select * from final
order by year, inst_code, specialty_code
