-- grain: one graduation year with employment data
-- key: year
-- How many colleges reported the year by per-graduate rows only, by the form only, and by both
-- (employment_sources), and of how many rows 02–15 of the form are known (employment_form_details).
with sources as (
    select * from employment_sources
),

details as (
    select year, count(distinct inst_code) as with_details
    from employment_form_details
    group by year
),

counts as (
    select
        year,
        count(*) as reporting,
        count(*) filter (where source = 'graduates') as by_rows,
        count(*) filter (where source = 'form') as by_form,
        count(*) filter (where source = 'both') as by_both
    from sources
    group by year
)

select
    c.year,
    cast(c.reporting as integer) as reporting,
    cast(c.by_rows as integer) as by_rows,
    cast(c.by_form as integer) as by_form,
    cast(c.by_both as integer) as by_both,
    cast(coalesce(d.with_details, 0) as integer) as with_details
from counts as c
left join details as d using (year)
order by c.year
