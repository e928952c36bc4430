-- grain: one contestant's result in one competence at one championship (current version)
-- key: year, event, competence, participant_id
-- slice: year, event
-- The one place a result's medal is counted: gold, silver, bronze and medallion are 1 for the medal
-- won and 0 otherwise; is_medal is 1 for any of the four (medallions included; «none» is not a
-- medal); medal_points are the result's points on championship_medal_scale (0 without a medal).
-- Every medal count and medal-point total of sql/marts/championships/ (and K4) sums these columns.
with results as (
    select * from stg_championship_results
),

scale as (
    select medal, points from championship_medal_scale
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
        coalesce(s.points, 0) as medal_points,
        case r.medal when 'gold' then 1 else 0 end as gold,
        case r.medal when 'silver' then 1 else 0 end as silver,
        case r.medal when 'bronze' then 1 else 0 end as bronze,
        case r.medal when 'medallion' then 1 else 0 end as medallion,
        case when r.medal in ('gold', 'silver', 'bronze', 'medallion') then 1 else 0 end as is_medal,
        r.batch_id,
        r.is_demo
    from results as r
    left join seed.medals as m using (medal)
    left join scale as s using (medal)
    left join stg_institutions as i using (inst_code)
)

select * from final
