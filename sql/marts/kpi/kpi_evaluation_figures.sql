-- grain: one KPI indicator of one college in one saved evaluation (the frozen rows)
-- key: evaluation_id, inst_code, indicator_code
-- As frozen when the evaluation was saved (kpi_evaluation_rows); only the college's name is today's.
with frozen as (
    select * from kpi_evaluation_rows
),

colleges as (
    select * from institutions
),

final as (
    select
        r.evaluation_id,
        r.inst_code,
        i.short_name,
        r.indicator_code,
        r.value,
        r.numerator,
        r.denominator,
        r.has_data,
        r.weight,
        r.points,
        r.score,
        r.rank
    from frozen as r
    left join colleges as i using (inst_code)
)

select * from final
