-- grain: the graduates of one college, graduation year and specialty in one monitoring status
-- key: graduation_year, inst_code, specialty_code, status
-- materialized: table
-- slice: inst_code, graduation_year as year
-- The one source of employment counts (graduate_employment, K1 and K2 of kpi_values, the employment
-- page): a college's per-graduate rows where it sent them for that year, otherwise row 01 of its
-- federal monitoring form (columns 08, 11–26 are the statuses, 09 and 10 the two flags of
-- «employed»). Graduates a form puts in the forecast columns 27–32 are at risk of non-employment
-- and in no status column (the form's check: col 07 = col 08 + Σ cols 11…32), so they count as
-- «Иные риски нетрудоустройства» (other_risk). Where both exist the per-graduate rows count, and
-- employment_form_reconciliation shows the differences.
with graduate_rows as (
    select * from graduates
),

form_cells as (
    select * from employment_form
),

form_columns as (
    select col_no, status_code from seed.employment_form_columns
),

from_rows as (
    select
        graduation_year,
        inst_code,
        specialty_code,
        status,
        count(*) as graduates,
        count(*) filter (where status = 'employed' and by_specialty) as by_specialty,
        count(*) filter (where status = 'employed' and retained_4m) as retained_4m,
        'graduates' as source
    from graduate_rows
    group by graduation_year, inst_code, specialty_code, status
),

row_years as (
    select distinct graduation_year, inst_code from graduate_rows
),

form_row01 as (
    select f.year as graduation_year, f.inst_code, f.specialty_code, f.col_no, f.value, c.status_code
    from form_cells as f
    inner join form_columns as c using (col_no)
    where f.row_no = 1
        and f.col_no between 8 and 32
        and not exists (
            select 1 from row_years as y where y.graduation_year = f.year and y.inst_code = f.inst_code
        )
),

form_flags as (
    select
        graduation_year,
        inst_code,
        specialty_code,
        sum(value) filter (where col_no = 9) as by_specialty,
        sum(value) filter (where col_no = 10) as retained_4m
    from form_row01
    group by graduation_year, inst_code, specialty_code
),

form_statuses as (
    select
        graduation_year,
        inst_code,
        specialty_code,
        coalesce(status_code, 'other_risk') as status,
        sum(value) as graduates
    from form_row01
    where status_code is not null or col_no between 27 and 32
    group by all
),

from_form as (
    select
        s.graduation_year,
        s.inst_code,
        s.specialty_code,
        s.status,
        s.graduates,
        case when s.status = 'employed' then coalesce(f.by_specialty, 0) else 0 end as by_specialty,
        case when s.status = 'employed' then coalesce(f.retained_4m, 0) else 0 end as retained_4m,
        'form' as source
    from form_statuses as s
    left join form_flags as f using (graduation_year, inst_code, specialty_code)
    where s.graduates > 0
),

final as (
    select
        cast(graduation_year as integer) as graduation_year,
        inst_code,
        specialty_code,
        status,
        cast(graduates as integer) as graduates,
        cast(by_specialty as integer) as by_specialty,
        cast(retained_4m as integer) as retained_4m,
        source
    from (
        select * from from_rows
        union all
        select * from from_form
    )
)

select * from final
