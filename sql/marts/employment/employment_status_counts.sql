-- grain: the graduates of a selection (the region, or a municipality, college and/or specialty) in one graduation year and monitoring status
-- key: year, status
-- params: p_municipality := null, p_inst_code := null, p_specialty_code := null
-- Every official status of every year the selection has graduates in, zeros included, in the
-- form's order (sort_order); year_total is the selection's graduates that year and share the
-- status's part of it. The counts come from employment_counts (per-graduate rows, or row 01 of
-- the federal form); small-cell protection is applied by the read function (mart/access/privacy.py).
with selected as (
    select c.graduation_year, c.status, c.graduates
    from employment_counts as c
    left join institutions as i using (inst_code)
    where (p_municipality is null or i.municipality = p_municipality)
        and (p_inst_code is null or c.inst_code = p_inst_code)
        and (p_specialty_code is null or c.specialty_code = p_specialty_code)
),

statuses as (
    select status_code as status, label_ru as status_label, status_group, sort_order
    from seed.employment_statuses
),

counts as (
    select graduation_year as year, status, sum(graduates) as graduates
    from selected
    group by graduation_year, status
),

grid as (
    select y.year, s.*
    from (select distinct year from counts) as y
    cross join statuses as s
),

final as (
    select
        cast(g.year as integer) as year,
        g.status,
        g.status_label,
        g.status_group,
        cast(g.sort_order as integer) as sort_order,
        cast(coalesce(c.graduates, 0) as bigint) as graduates,
        cast(sum(coalesce(c.graduates, 0)) over (partition by g.year) as bigint) as year_total
    from grid as g
    left join counts as c using (year, status)
)

select
    *,
    case when year_total > 0 then graduates / year_total end as share
from final
order by year, sort_order
