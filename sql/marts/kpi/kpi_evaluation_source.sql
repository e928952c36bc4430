-- grain: one KPI indicator of one college in one year under one methodology version, as an evaluation freezes it
-- key: year, inst_code, indicator_code, methodology_version
-- The rows a saved evaluation copies into kpi_evaluation_rows (mart.read.kpi.save_evaluation): the
-- indicator's value, the figures behind it, its weight and points, and the college's score and place.
with indicator_points as (
    select * from director_kpi_all
),

indicator_values as (
    select * from kpi_values
),

scores as (
    select * from director_kpi_scores_all
),

final as (
    select
        p.inst_code,
        p.indicator_code,
        p.value,
        v.numerator,
        v.denominator,
        p.has_data,
        p.weight,
        p.points,
        s.score,
        s.rank,
        p.year,
        p.methodology_version
    from indicator_points as p
    inner join indicator_values as v using (year, inst_code, indicator_code)
    inner join scores as s using (year, inst_code, methodology_version)
)

select * from final
