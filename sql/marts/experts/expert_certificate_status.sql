-- grain: one certificate of one expert in one competence, as of today (MART_TODAY when set)
-- key: expert_id, competence, certificate
-- params: p_as_of := null
-- "Today" is p_as_of when given (another day), else the variable mart_today (MART_TODAY), else the date.
-- status: not_yet (starts after today), expired (ended before today), expiring (valid today and ends
-- within 90 days: valid_to − today ≤ 90), else valid. days_left and points (the certificate's points
-- in seed.expert_rating_points, as in expert_rating) only while it is valid today.
-- expert_organization is the expert's organization in the rating (expert_identity),
-- by which the page filters; organization is the one named on this certificate.
with certificate_rows as (
    select * from experts
),

rating_points as (
    select * from seed.expert_rating_points
    where kind = 'certificate'
),

identity as (
    select * from expert_identity
),

as_of as (
    select coalesce(cast(p_as_of as date), cast(getvariable('mart_today') as date), current_date) as as_of
),

final as (
    select
        c.expert_id,
        c.full_name,
        c.organization,
        i.organization as expert_organization,
        c.competence,
        c.certificate,
        c.valid_from,
        c.valid_to,
        case
            when c.valid_from > d.as_of then 'not_yet'
            when c.valid_to < d.as_of then 'expired'
            when c.valid_to - d.as_of <= 90 then 'expiring'
            else 'valid'
        end as status,
        case when c.valid_from <= d.as_of and c.valid_to >= d.as_of
            then cast(c.valid_to - d.as_of as integer) end as days_left,
        cast(case when c.valid_from <= d.as_of and c.valid_to >= d.as_of
            then coalesce(p.points, 0) else 0 end as integer) as points,
        d.as_of
    from certificate_rows as c
    cross join as_of as d
    left join rating_points as p on p.code = c.certificate
    left join identity as i on i.expert_id = c.expert_id
)

select * from final
