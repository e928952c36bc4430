-- grain: one KPI indicator of one college in one year under one methodology version
-- key: year, inst_code, indicator_code, methodology_version
-- The points of director_kpi_all with the figures behind them (numerator and denominator from
-- kpi_values) and the change from the previous year under the same version (kpi_indicator_changes:
-- value_prev, delta_pp in percentage points, points_delta). Full precision: screens round.
with indicator_changes as (
    select * from kpi_indicator_changes
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
        c.value_prev,
        c.has_data_prev,
        c.delta_pp,
        c.points_delta,
        c.methodology_version,
        k.sort_order
    from indicator_changes as c
    inner join indicator_values as v using (year, inst_code, indicator_code)
    left join colleges as i on i.inst_code = c.inst_code
    left join indicators as k on k.indicator_code = c.indicator_code
)

select * from final
