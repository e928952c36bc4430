-- grain: one competence in the expert rating as of today (of one organization's experts when given)
-- key: competence
-- params: p_organization := null, p_as_of := null
-- "Today" is p_as_of when given (another day), else the variable mart_today (MART_TODAY), else the date.
-- experts: rated in the competence; certified: with a certified_expert certificate in it valid
-- today; top_points and leaders: the best points and who holds the competence's first place (with
-- points above 0); expiring: rated experts with a certificate in it ending within 90 days. Places
-- are the competence's, whatever the organization filter.
with rated as (
    select *
    from expert_rating_at(p_as_of := p_as_of)
    where p_organization is null or organization = p_organization
),

certified as (
    select
        c.competence,
        count(distinct c.expert_id) as certified
    from expert_certificate_status_at(p_as_of := p_as_of) as c
    where c.certificate = 'certified_expert'
        and c.status in ('valid', 'expiring')
        and (p_organization is null or c.expert_organization = p_organization)
    group by c.competence
),

per_competence as (
    select
        competence,
        cast(count(*) as integer) as experts,
        cast(max(points) as integer) as top_points,
        string_agg(full_name, '; ' order by full_name)
            filter (where rank_in_competence = 1 and points > 0) as leaders,
        cast(count(*) filter (where expiring_soon) as integer) as expiring
    from rated
    group by competence
),

final as (
    select
        p.competence,
        p.experts,
        cast(coalesce(c.certified, 0) as integer) as certified,
        p.top_points,
        p.leaders,
        p.expiring
    from per_competence as p
    left join certified as c using (competence)
)

select * from final
