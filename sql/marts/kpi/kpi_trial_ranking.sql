-- grain: one college in one year: its place under weights being tried beside a saved version's
-- key: year, inst_code
-- params: w_k1 := null, w_k2 := null, w_k3 := null, w_k4 := null, w_k5 := null, w_k6 := null, base_version := null
-- Nothing is written: the trial scores (kpi_trial_scores) beside the scores of the saved version
-- base_version (the current one when not given). score_change = trial − saved; rank_change = saved
-- place − trial place (positive: moves up).
with tried as (
    select *
    from kpi_trial_scores_at(
        w_k1 := w_k1, w_k2 := w_k2, w_k3 := w_k3, w_k4 := w_k4, w_k5 := w_k5, w_k6 := w_k6
    )
),

saved as (
    select *
    from director_kpi_scores_all
    where methodology_version = coalesce(base_version, (select max(version) from kpi_methodologies))
),

colleges as (
    select * from institutions
),

final as (
    select
        t.inst_code,
        t.short_name,
        i.municipality,
        i.is_demo,
        t.score,
        t.rank,
        s.score as base_score,
        s.rank as base_rank,
        t.score - s.score as score_change,
        s.rank - t.rank as rank_change,
        t.year
    from tried as t
    inner join saved as s using (year, inst_code)
    left join colleges as i on i.inst_code = t.inst_code
)

select * from final
