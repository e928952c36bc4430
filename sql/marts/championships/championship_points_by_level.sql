-- grain: the region's championship medals and contestants in one year at one championship level
-- key: year, level
-- params: p_age_group := null, p_competence := null
-- The trend of medal points by level; contestants are distinct people within the year and level.
with results as (
    select *
    from championship_selection_at(p_age_group := p_age_group, p_competence := p_competence)
),

final as (
    select
        year,
        level,
        cast(count(distinct participant_id) as integer) as contestants,
        cast(count(*) filter (where medal = 'gold') as integer) as gold,
        cast(count(*) filter (where medal = 'silver') as integer) as silver,
        cast(count(*) filter (where medal = 'bronze') as integer) as bronze,
        cast(count(*) filter (where medal = 'medallion') as integer) as medallion,
        cast(count(*) filter (where medal in ('gold', 'silver', 'bronze', 'medallion')) as integer) as medals,
        cast(coalesce(sum(medal_points), 0) as integer) as medal_points
    from results
    group by year, level
)

select * from final
