-- grain: one forecast column (27–32) of row 01 of the federal form, summed over a selection (a graduation year, a municipality and/or a college)
-- key: col_no
-- params: p_year := null, p_municipality := null, p_inst_code := null
-- Graduates at risk of non-employment by the reason the colleges forecast (employment_form_details);
-- every column 27–32, zeros included. Small-cell protection is applied by the read function.
with cells as (
    select d.col_no, d.value
    from employment_form_details as d
    left join institutions as i using (inst_code)
    where d.row_no = 1
        and (p_year is null or d.year = p_year)
        and (p_municipality is null or i.municipality = p_municipality)
        and (p_inst_code is null or d.inst_code = p_inst_code)
),

form_columns as (
    select col_no from seed.employment_form_columns where col_no between 27 and 32
),

sums as (
    select col_no, sum(value) as graduates
    from cells
    group by col_no
)

select
    cast(c.col_no as integer) as col_no,
    cast(coalesce(s.graduates, 0) as bigint) as graduates
from form_columns as c
left join sums as s using (col_no)
order by c.col_no
