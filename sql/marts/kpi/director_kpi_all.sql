-- grain: one KPI indicator of one college in one year under one methodology version
-- key: year, inst_code, indicator_code, methodology_version
-- materialized: table
-- slice: year
-- points = 100 × weight × value, so a college's score (the sum of its points) is out of 100.
-- Every saved methodology version is here; director_kpi shows the current one.
with indicator_values as (
    select * from kpi_values
),

methodology_weights as (
    select
        w.version as methodology_version,
        w.indicator_code,
        w.weight
    from kpi_weights as w
    inner join kpi_methodologies as m using (version)
),

final as (
    select
        v.year,
        v.inst_code,
        v.indicator_code,
        v.value,
        w.weight,
        cast(100 * w.weight * v.value as double) as points,
        v.has_data,
        w.methodology_version
    from indicator_values as v
    inner join methodology_weights as w using (indicator_code)
)

select * from final
order by methodology_version, year, inst_code, indicator_code
