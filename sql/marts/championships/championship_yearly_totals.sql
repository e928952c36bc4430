-- grain: the region's championship totals in one year: every contestant, with or without an institution
-- key: year
-- params: p_level := null, p_age_group := null, p_competence := null
-- contestants are distinct people (participant_id): one person in two competences or at two
-- championships of a year is one contestant. medals counts all four medals, medallions included,
-- as the medal table does; medal_points are the medal table's (championship_medal_scale).
with results as (
    select *
    from championship_selection_at(p_level := p_level, p_age_group := p_age_group, p_competence := p_competence)
),

final as (
    select
        year,
        cast(count(distinct competence) as integer) as competences,
        cast(count(distinct participant_id) as integer) as contestants,
        cast(sum(gold) as integer) as gold,
        cast(sum(silver) as integer) as silver,
        cast(sum(bronze) as integer) as bronze,
        cast(sum(medallion) as integer) as medallion,
        cast(sum(is_medal) as integer) as medals,
        cast(sum(medal_points) as integer) as medal_points
    from results
    group by year
)

select * from final
