-- grain: one college's KPI in one year under one methodology version
-- key: year, inst_code, methodology_version
-- The ranking of the KPI page, the meeting pack and the brief: score and place (the region's, from
-- director_kpi_scores_all), the change from the year before (rank_change = last year's place − this
-- year's, positive: moved up) and per indicator its value, whether it has data, its points and the
-- change in percentage points (k1_value … k6_delta_pp, from kpi_indicator_changes).
with indicator_changes as (
    select * from kpi_indicator_changes
),

scores as (
    select * from director_kpi_scores_all
),

colleges as (
    select * from institutions
),

indicator_figures as (
    select
        c.year,
        c.inst_code,
        c.methodology_version,
        max(c.value) filter (where c.indicator_code = 'K1') as k1_value,
        bool_or(c.has_data) filter (where c.indicator_code = 'K1') as k1_has_data,
        max(c.points) filter (where c.indicator_code = 'K1') as k1_points,
        max(c.delta_pp) filter (where c.indicator_code = 'K1') as k1_delta_pp,
        max(c.value) filter (where c.indicator_code = 'K2') as k2_value,
        bool_or(c.has_data) filter (where c.indicator_code = 'K2') as k2_has_data,
        max(c.points) filter (where c.indicator_code = 'K2') as k2_points,
        max(c.delta_pp) filter (where c.indicator_code = 'K2') as k2_delta_pp,
        max(c.value) filter (where c.indicator_code = 'K3') as k3_value,
        bool_or(c.has_data) filter (where c.indicator_code = 'K3') as k3_has_data,
        max(c.points) filter (where c.indicator_code = 'K3') as k3_points,
        max(c.delta_pp) filter (where c.indicator_code = 'K3') as k3_delta_pp,
        max(c.value) filter (where c.indicator_code = 'K4') as k4_value,
        bool_or(c.has_data) filter (where c.indicator_code = 'K4') as k4_has_data,
        max(c.points) filter (where c.indicator_code = 'K4') as k4_points,
        max(c.delta_pp) filter (where c.indicator_code = 'K4') as k4_delta_pp,
        max(c.value) filter (where c.indicator_code = 'K5') as k5_value,
        bool_or(c.has_data) filter (where c.indicator_code = 'K5') as k5_has_data,
        max(c.points) filter (where c.indicator_code = 'K5') as k5_points,
        max(c.delta_pp) filter (where c.indicator_code = 'K5') as k5_delta_pp,
        max(c.value) filter (where c.indicator_code = 'K6') as k6_value,
        bool_or(c.has_data) filter (where c.indicator_code = 'K6') as k6_has_data,
        max(c.points) filter (where c.indicator_code = 'K6') as k6_points,
        max(c.delta_pp) filter (where c.indicator_code = 'K6') as k6_delta_pp
    from indicator_changes as c
    group by c.year, c.inst_code, c.methodology_version
),

final as (
    select
        s.inst_code,
        i.short_name,
        i.municipality,
        i.is_demo,
        s.score,
        s.rank,
        l.score as score_prev,
        l.rank as rank_prev,
        s.score - l.score as score_delta,
        l.rank - s.rank as rank_change,
        f.* exclude (year, inst_code, methodology_version),
        s.year,
        s.methodology_version
    from scores as s
    inner join indicator_figures as f using (year, inst_code, methodology_version)
    left join scores as l
        on l.inst_code = s.inst_code
        and l.methodology_version = s.methodology_version
        and l.year = s.year - 1
    left join colleges as i on i.inst_code = s.inst_code
)

select * from final
