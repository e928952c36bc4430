-- grain: one cell of rows 02–15 or of the forecast columns 27–32 of a college's form for one graduation year
-- key: year, inst_code, specialty_code, row_no, col_no
-- Graduates with limited health (ОВЗ) and disabilities, target-training contracts, «Абилимпикс»
-- (rows 02–15, counts in columns 07–26) and the forecast for graduates at risk (columns 27–32 of
-- every row). From the form the college sent; without a form, rows 02–15 from the per-graduate
-- flags of a college that keeps them (the forecast is not known per graduate).
with form_cells as (
    select * from employment_form
),

filled_cells as (
    select * from employment_form_filled
),

form_years as (
    select distinct year, inst_code from form_cells
),

from_form as (
    select year, inst_code, specialty_code, row_no, col_no, value, 'form' as source
    from form_cells
    where col_no between 7 and 32 and (row_no >= 2 or col_no >= 27)
),

from_rows as (
    select g.year, g.inst_code, g.specialty_code, g.row_no, g.col_no, g.value, 'graduates' as source
    from filled_cells as g
    where g.has_flags
        and g.row_no >= 2
        and g.col_no between 7 and 26
        and not exists (select 1 from form_years as f where f.year = g.year and f.inst_code = g.inst_code)
),

final as (
    select
        cast(year as integer) as year,
        inst_code,
        specialty_code,
        cast(row_no as integer) as row_no,
        cast(col_no as integer) as col_no,
        cast(value as bigint) as value,
        source
    from (
        select * from from_form
        union all
        select * from from_rows
    )
)

select * from final
