-- grain: one college in one saved evaluation: its frozen score, place and indicator values
-- key: evaluation_id, inst_code
-- The ranking of a protocol: k1_value … k6_value are the frozen values, empty for an indicator
-- without data (zero denominator), and no_data names those indicators («K2, K5»), empty when none.
with figures as (
    select * from kpi_evaluation_figures
),

colleges as (
    select * from institutions
),

per_college as (
    select
        evaluation_id,
        inst_code,
        any_value(short_name) as short_name,
        any_value(score) as score,
        any_value(rank) as rank,
        max(value) filter (where indicator_code = 'K1' and has_data) as k1_value,
        max(value) filter (where indicator_code = 'K2' and has_data) as k2_value,
        max(value) filter (where indicator_code = 'K3' and has_data) as k3_value,
        max(value) filter (where indicator_code = 'K4' and has_data) as k4_value,
        max(value) filter (where indicator_code = 'K5' and has_data) as k5_value,
        max(value) filter (where indicator_code = 'K6' and has_data) as k6_value,
        bool_and(has_data) filter (where indicator_code = 'K1') as k1_has_data,
        bool_and(has_data) filter (where indicator_code = 'K2') as k2_has_data,
        bool_and(has_data) filter (where indicator_code = 'K3') as k3_has_data,
        bool_and(has_data) filter (where indicator_code = 'K4') as k4_has_data,
        bool_and(has_data) filter (where indicator_code = 'K5') as k5_has_data,
        bool_and(has_data) filter (where indicator_code = 'K6') as k6_has_data,
        string_agg(indicator_code, ', ' order by indicator_code) filter (where not has_data) as no_data
    from figures
    group by evaluation_id, inst_code
),

final as (
    select
        p.evaluation_id,
        p.rank,
        p.inst_code,
        p.short_name,
        i.municipality,
        p.score,
        p.* exclude (evaluation_id, rank, inst_code, short_name, score)
    from per_college as p
    left join colleges as i using (inst_code)
)

select * from final
