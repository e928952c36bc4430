-- grain: one KPI indicator of one college in one year under one methodology version
-- key: year, inst_code, indicator_code, methodology_version
-- The points of director_kpi_all with the figures behind them (numerator and denominator from
-- kpi_values) and the change from the previous year under the same version: value_prev,
-- delta_pp (percentage points; empty when either year has no data) and points_delta. Full
-- precision: screens round.
with indicator_points as (
    select * from director_kpi_all
),

indicator_values as (
    select * from kpi_values
),

colleges as (
    select * from institutions
),

indicators as (
    select * from seed.kpi_indicators
),

final as (
    select
        c.year,
        c.inst_code,
        i.short_name,
        i.municipality,
        i.is_demo,
        c.indicator_code,
        k.name_ru,
        k.formula_ru,
        v.numerator,
        v.denominator,
        c.value,
        c.has_data,
        cast(c.weight as double) as weight,
        c.points,
        p.value as value_prev,
        p.has_data as has_data_prev,
        case when c.has_data and p.has_data then 100 * (c.value - p.value) end as delta_pp,
        c.points - p.points as points_delta,
        c.methodology_version,
        k.sort_order
    from indicator_points as c
    inner join indicator_values as v using (year, inst_code, indicator_code)
    left join indicator_points as p
        on p.inst_code = c.inst_code
        and p.indicator_code = c.indicator_code
        and p.methodology_version = c.methodology_version
        and p.year = c.year - 1
    left join colleges as i on i.inst_code = c.inst_code
    left join indicators as k on k.indicator_code = c.indicator_code
)

select * from final
