-- grain: one cell of the federal monitoring form a college downloads for one graduation year
-- key: year, inst_code, specialty_code, row_no, col_no
-- Filled from the college's per-graduate rows where it sent them (rows 02–15 from its flags, the
-- forecast 27–32 unknown: 0); for a year it reported by the form alone, the form it sent (with the
-- text of column 33). Rows 01–15, columns 07–33.
with form_cells as (
    select * from employment_form
),

filled_cells as (
    select * from employment_form_filled
),

row_years as (
    select distinct year, inst_code from filled_cells
),

final as (
    select
        year, inst_code, specialty_code, row_no, col_no, value, cast(null as varchar) as text, 'graduates' as source
    from filled_cells
    union all
    select
        f.year, f.inst_code, f.specialty_code, f.row_no, f.col_no, f.value, f.text, 'form' as source
    from form_cells as f
    where not exists (select 1 from row_years as r where r.year = f.year and r.inst_code = f.inst_code)
)

select * from final
