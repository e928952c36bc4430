-- grain: one cell of row 01 (columns 07–26) of a college × graduation year that sent both a form and per-graduate rows
-- key: year, inst_code, specialty_code, col_no
-- The form as sent beside the form the college's own list of graduates fills (employment_form_filled);
-- the per-graduate rows are what counts (employment_counts), and a difference is worth a question.
-- A cell missing on one side is 0 there (the filled form keeps non-zero cells only).
with form_cells as (
    select year, inst_code, specialty_code, col_no, value
    from employment_form
    where row_no = 1 and col_no between 7 and 26
),

filled_cells as (
    select year, inst_code, specialty_code, col_no, value
    from employment_form_filled
    where row_no = 1 and col_no between 7 and 26
),

both_kinds as (
    select distinct year, inst_code from form_cells
    intersect
    select distinct year, inst_code from filled_cells
),

joined as (
    select
        coalesce(f.year, g.year) as year,
        coalesce(f.inst_code, g.inst_code) as inst_code,
        coalesce(f.specialty_code, g.specialty_code) as specialty_code,
        coalesce(f.col_no, g.col_no) as col_no,
        f.value as form_value,
        g.value as graduates_value
    from form_cells as f
    full outer join filled_cells as g
        on f.year = g.year
        and f.inst_code = g.inst_code
        and f.specialty_code = g.specialty_code
        and f.col_no = g.col_no
),

final as (
    select
        cast(j.year as integer) as year,
        j.inst_code,
        j.specialty_code,
        cast(j.col_no as integer) as col_no,
        cast(coalesce(j.form_value, 0) as bigint) as form_value,
        cast(coalesce(j.graduates_value, 0) as bigint) as graduates_value,
        cast(coalesce(j.form_value, 0) - coalesce(j.graduates_value, 0) as bigint) as difference
    from joined as j
    inner join both_kinds as b using (year, inst_code)
)

select * from final
