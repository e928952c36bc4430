-- grain: one school's or employer's line in the medal table of juniors or of corporate championships
-- key: kind, organization
-- params: p_year := null, p_competence := null
-- Shown apart from the colleges' medal table: juniors (age group «juniors») are schoolchildren,
-- ranked by school; corporate championships (level «corporate») are employees, ranked by employer.
-- A result of a corporate juniors' championship counts in both. place: medal points first, then
-- gold, silver, bronze, within the kind; contestants, events and competences are distinct counts.
with results as (
    select *
    from championship_selection_at(p_year := p_year, p_competence := p_competence)
),

separate as (
    select 'juniors' as kind, * from results where age_group = 'juniors'
    union all
    select 'corporate' as kind, * from results where level = 'corporate'
),

by_organization as (
    select
        kind,
        coalesce(organization, 'Организация не указана') as organization,
        cast(count(distinct event) as integer) as events,
        cast(count(distinct competence) as integer) as competences,
        cast(count(distinct participant_id) as integer) as contestants,
        cast(sum(gold) as integer) as gold,
        cast(sum(silver) as integer) as silver,
        cast(sum(bronze) as integer) as bronze,
        cast(sum(medallion) as integer) as medallion,
        cast(sum(is_medal) as integer) as medals,
        cast(sum(medal_points) as integer) as medal_points
    from separate
    group by all
),

final as (
    select
        kind,
        cast(rank() over (partition by kind order by medal_points desc, gold desc, silver desc, bronze desc)
            as integer) as place,
        organization,
        events,
        competences,
        contestants,
        gold,
        silver,
        bronze,
        medallion,
        medals,
        medal_points
    from by_organization
)

select * from final
