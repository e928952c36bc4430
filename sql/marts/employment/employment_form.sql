-- grain: one cell of the federal graduate-employment monitoring form of one college and graduation year
-- key: year, inst_code, specialty_code, row_no, col_no
-- slice: inst_code, year
-- As the college sent it (2022 layout): row_no 1–15 (column 05 of the form), col_no 7–33; counts of
-- columns 07–32 in value, the text of column 33 («принятые меры») in text. Person-level in effect
-- (rows 02–15 count a handful of graduates with disabilities): the college and the coordinator only.
with cells as (
    select * from stg_employment_form
),

final as (
    select
        cast(year as integer) as year,
        inst_code,
        specialty_code,
        cast(form_row as integer) as row_no,
        cast(col_no as integer) as col_no,
        cast(value as bigint) as value,
        text,
        batch_id,
        is_demo
    from cells
)

select * from final
