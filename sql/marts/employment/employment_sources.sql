-- grain: one college and graduation year with employment data
-- key: year, inst_code
-- How the college reported the year: by per-graduate rows (graduates), by the federal form (form),
-- or both (both: the rows count, employment_form_reconciliation compares them).
with rows_years as (
    select distinct year, inst_code from employment_form_filled
),

form_years as (
    select distinct year, inst_code from employment_form
),

both_sides as (
    select
        coalesce(r.year, f.year) as year,
        coalesce(r.inst_code, f.inst_code) as inst_code,
        r.inst_code is not null as has_rows,
        f.inst_code is not null as has_form
    from rows_years as r
    full outer join form_years as f using (year, inst_code)
),

final as (
    select
        cast(b.year as integer) as year,
        b.inst_code,
        i.short_name,
        i.municipality,
        b.has_rows,
        b.has_form,
        case when b.has_rows and b.has_form then 'both' when b.has_form then 'form' else 'graduates' end
            as source
    from both_sides as b
    left join institutions as i using (inst_code)
)

select * from final
order by year, inst_code
