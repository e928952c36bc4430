-- grain: the expert base as of today and as of the same day a year earlier (one row)
-- key: as_of
-- params: p_competence := null, p_organization := null, p_as_of := null
-- "Today" is p_as_of when given (another day), else the variable mart_today (MART_TODAY), else the date.
-- On a day D: experts — with a certificate issued by D; certified — with a certified_expert
-- certificate valid on D; expiring — with a certificate valid on D that ends within 90 days;
-- expired — with certificates issued by D and none of them valid on D. The *_prev columns are the
-- same a year before today (28 February for 29 February). Filters: the certificates in one
-- competence, the experts of one organization (their organization in the rating).
with as_of as (
    select
        coalesce(cast(p_as_of as date), cast(getvariable('mart_today') as date), current_date) as as_of,
        cast(coalesce(cast(p_as_of as date), cast(getvariable('mart_today') as date), current_date) - interval 1 year as date)
            as as_of_prev
),

scope as (
    select
        c.expert_id,
        c.certificate,
        c.valid_from,
        c.valid_to
    from experts as c
    where (p_competence is null or c.competence = p_competence)
        and (p_organization is null or c.expert_id in (
            select i.expert_id from expert_identity as i where i.organization = p_organization
        ))
),

per_expert as (
    select
        s.expert_id,
        bool_or(s.valid_from <= d.as_of) as issued,
        bool_or(s.certificate = 'certified_expert' and s.valid_from <= d.as_of and s.valid_to >= d.as_of) as certified,
        bool_or(s.valid_from <= d.as_of and s.valid_to >= d.as_of) as valid,
        bool_or(s.valid_from <= d.as_of and s.valid_to >= d.as_of and s.valid_to - d.as_of <= 90) as expiring,
        bool_or(s.valid_from <= d.as_of_prev) as issued_prev,
        bool_or(s.certificate = 'certified_expert' and s.valid_from <= d.as_of_prev and s.valid_to >= d.as_of_prev) as certified_prev,
        bool_or(s.valid_from <= d.as_of_prev and s.valid_to >= d.as_of_prev) as valid_prev,
        bool_or(s.valid_from <= d.as_of_prev and s.valid_to >= d.as_of_prev and s.valid_to - d.as_of_prev <= 90) as expiring_prev
    from scope as s
    cross join as_of as d
    group by s.expert_id
),

final as (
    select
        d.as_of,
        cast(count(*) filter (where issued) as integer) as experts,
        cast(count(*) filter (where certified) as integer) as certified,
        cast(count(*) filter (where expiring) as integer) as expiring,
        cast(count(*) filter (where issued and not valid) as integer) as expired,
        cast(count(*) filter (where issued_prev) as integer) as experts_prev,
        cast(count(*) filter (where certified_prev) as integer) as certified_prev,
        cast(count(*) filter (where expiring_prev) as integer) as expiring_prev,
        cast(count(*) filter (where issued_prev and not valid_prev) as integer) as expired_prev
    from as_of as d
    left join per_expert on true
    group by d.as_of
)

select * from final
