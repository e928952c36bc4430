-- grain: the medals of one competence at the chosen championships
-- key: competence
-- params: p_year := null, p_level := null, p_age_group := null, p_competence := null
-- leader: the organization (college, school or employer) that scored most medal points in the
-- competence; organizations tied for the most are all named («; »); empty when nobody scored.
with results as (
    select *
    from championship_selection_at(
        p_year := p_year, p_level := p_level, p_age_group := p_age_group, p_competence := p_competence
    )
),

per_competence as (
    select
        competence,
        cast(count(distinct participant_id) as integer) as contestants,
        cast(sum(gold) as integer) as gold,
        cast(sum(silver) as integer) as silver,
        cast(sum(bronze) as integer) as bronze,
        cast(sum(medallion) as integer) as medallion,
        cast(sum(is_medal) as integer) as medals,
        cast(sum(medal_points) as integer) as medal_points
    from results
    group by competence
),

per_organization as (
    select competence, organization, sum(medal_points) as points
    from results
    where organization is not null
    group by competence, organization
),

top_organizations as (
    select competence, organization
    from per_organization
    where points > 0
    qualify rank() over (partition by competence order by points desc) = 1
),

leaders as (
    select competence, string_agg(organization, '; ' order by organization) as leader
    from top_organizations
    group by competence
),

final as (
    select
        c.competence,
        c.contestants,
        c.gold,
        c.silver,
        c.bronze,
        c.medallion,
        c.medals,
        c.medal_points,
        l.leader
    from per_competence as c
    left join leaders as l using (competence)
)

select * from final
