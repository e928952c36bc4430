-- check: every KPI methodology version has weights for exactly K1..K6 that add up to 1
with versions as (
    select version from kpi_methodologies
    union
    select version from kpi_weights
),

per_version as (
    select
        v.version,
        m.version is not null as has_methodology,
        coalesce(sum(w.weight), 0) as weight_sum,
        coalesce(list_sort(list(w.indicator_code) filter (where w.indicator_code is not null)), []) as codes
    from versions as v
    left join kpi_methodologies as m using (version)
    left join kpi_weights as w using (version)
    group by v.version, m.version
)

select *
from per_version
where not has_methodology
    or weight_sum <> 1
    or codes <> ['K1', 'K2', 'K3', 'K4', 'K5', 'K6']
