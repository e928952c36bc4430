-- grain: one KPI indicator of one college in one year under the current methodology
-- key: year, inst_code, indicator_code
-- The current methodology is the latest saved version (kpi_methodologies); earlier versions stay
-- in director_kpi_all.
with current_methodology as (
    select max(version) as methodology_version
    from kpi_methodologies
),

indicator_points as (
    select * from director_kpi_all
),

final as (
    select
        p.year,
        p.inst_code,
        p.indicator_code,
        p.value,
        p.weight,
        p.points,
        p.has_data,
        p.methodology_version
    from indicator_points as p
    inner join current_methodology as c using (methodology_version)
)

select * from final
