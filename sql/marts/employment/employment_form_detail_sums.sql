-- grain: one of rows 02–15 of the federal form, summed over a selection (a graduation year, a municipality and/or a college)
-- key: row_no
-- params: p_year := null, p_municipality := null, p_inst_code := null
-- Graduates (column 07) and employed (columns 08, 11, 12: employed, entrepreneurs, self-employed)
-- with limited health, disabilities, target contracts, «Абилимпикс» (employment_form_details); every
-- row 02–15, zeros included. Small-cell protection is applied by the read function.
with cells as (
    select d.row_no, d.col_no, d.value
    from employment_form_details as d
    left join institutions as i using (inst_code)
    where d.row_no >= 2
        and (p_year is null or d.year = p_year)
        and (p_municipality is null or i.municipality = p_municipality)
        and (p_inst_code is null or d.inst_code = p_inst_code)
),

form_rows as (
    select row_no from seed.employment_form_rows where row_no between 2 and 15
),

sums as (
    select
        row_no,
        sum(value) filter (where col_no = 7) as graduates,
        sum(value) filter (where col_no in (8, 11, 12)) as employed
    from cells
    group by row_no
)

select
    cast(r.row_no as integer) as row_no,
    cast(coalesce(s.graduates, 0) as bigint) as graduates,
    cast(coalesce(s.employed, 0) as bigint) as employed
from form_rows as r
left join sums as s using (row_no)
order by r.row_no
