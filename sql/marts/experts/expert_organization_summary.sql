-- grain: one organization in the expert rating as of today (in one competence when given)
-- key: organization
-- params: p_competence := null, p_as_of := null
-- "Today" is p_as_of when given (another day), else the variable mart_today (MART_TODAY), else the date.
-- experts: rated; certified: of them, holding a certified_expert certificate valid today (in the
-- competence when given); points: their points added up over competences, points_per_expert;
-- first_places: first places (above 0 points) in a competence; expiring: experts with a certificate
-- ending within 90 days. Experts without an organization are «Организация не указана».
with rated as (
    select *
    from expert_rating_at(p_as_of := p_as_of)
    where p_competence is null or competence = p_competence
),

certified as (
    select expert_id
    from expert_certificate_status_at(p_as_of := p_as_of)
    where certificate = 'certified_expert'
        and status in ('valid', 'expiring')
        and (p_competence is null or competence = p_competence)
    group by expert_id
),

final as (
    select
        coalesce(r.organization, 'Организация не указана') as organization,
        any_value(r.inst_code) as inst_code,
        cast(count(distinct r.expert_id) as integer) as experts,
        cast(count(distinct c.expert_id) as integer) as certified,
        cast(sum(r.points) as integer) as points,
        round(sum(r.points) / count(distinct r.expert_id), 1) as points_per_expert,
        cast(count(*) filter (where r.rank_in_competence = 1 and r.points > 0) as integer) as first_places,
        cast(count(distinct r.expert_id) filter (where r.expiring_soon) as integer) as expiring
    from rated as r
    left join certified as c using (expert_id)
    group by coalesce(r.organization, 'Организация не указана')
)

select * from final
