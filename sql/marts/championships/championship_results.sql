-- grain: one contestant's result in one competence at one championship (current version)
-- key: year, event, competence, participant_id
-- slice: year, event
with results as (
    select * from stg_championship_results
),

final as (
    select
        r.year,
        r.event,
        r.level,
        r.age_group,
        r.competence,
        r.participant_id,
        r.participant_name,
        r.inst_code,
        coalesce(r.organization, i.short_name) as organization,
        r.score,
        r.medal,
        m.label_ru as medal_label,
        m.points as medal_points,
        r.batch_id,
        r.is_demo
    from results as r
    left join seed.medals as m using (medal)
    left join stg_institutions as i using (inst_code)
)

select * from final
