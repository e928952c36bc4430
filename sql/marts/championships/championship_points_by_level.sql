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
        cast(sum(gold) as integer) as gold,
        cast(sum(silver) as integer) as silver,
        cast(sum(bronze) as integer) as bronze,
        cast(sum(medallion) as integer) as medallion,
        cast(sum(is_medal) as integer) as medals,
        cast(sum(medal_points) as integer) as medal_points
    from results
    group by year, level
)

select * from final
