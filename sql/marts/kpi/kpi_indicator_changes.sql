-- grain: one KPI indicator of one college in one year under one methodology version, beside the year before
-- key: year, inst_code, indicator_code, methodology_version
-- The change from the previous year under the same version, defined once for the ranking and the
-- indicator rows: value_prev and has_data_prev; delta_pp = 100 × (value − value_prev), percentage
-- points, empty when either year has no data for the indicator; points_delta.
with indicator_points as (
    select * from director_kpi_all
),

final as (
    select
        c.year,
        c.inst_code,
        c.indicator_code,
        c.methodology_version,
        c.value,
        c.has_data,
        c.weight,
        c.points,
        p.value as value_prev,
        p.has_data as has_data_prev,
        case when c.has_data and p.has_data then 100 * (c.value - p.value) end as delta_pp,
        c.points - p.points as points_delta
    from indicator_points as c
    left join indicator_points as p
        on p.inst_code = c.inst_code
        and p.indicator_code = c.indicator_code
        and p.methodology_version = c.methodology_version
        and p.year = c.year - 1
)

select * from final
