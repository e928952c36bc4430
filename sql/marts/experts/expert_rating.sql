-- grain: one expert in one competence, rated as of today (MART_TODAY when set)
-- key: expert_id, competence
-- params: p_as_of := null
-- "Today" is p_as_of when given (another day), else the variable mart_today (MART_TODAY), else the date.
-- Points: every certificate in the competence valid today, plus every role at an event in the
-- competence in today's year and the two years before, each worth the points of its certificate or
-- role in seed.expert_rating_points (seeds/expert_rating_points.csv; a code without a row there is
-- worth 0). An expert appears in every competence with any certificate (valid or not) or any event;
-- ranks are dense within the competence, and rated_in_competence counts the experts rated in it.
with certificate_rows as (
    select * from experts
),

event_rows as (
    select * from expert_events
),

rating_points as (
    select * from seed.expert_rating_points
),

as_of as (
    select coalesce(cast(p_as_of as date), cast(getvariable('mart_today') as date), current_date) as as_of
),

-- name and organization from the expert's latest certificate, whatever the competence
identity as (
    select * from expert_identity
),

pairs as (
    select expert_id, competence from certificate_rows
    union
    select expert_id, competence from event_rows
),

certificate_points as (
    select
        c.expert_id,
        c.competence,
        sum(coalesce(p.points, 0)) as points,
        bool_or(c.valid_to - d.as_of <= 90) as expiring_soon
    from certificate_rows as c
    cross join as_of as d
    left join rating_points as p on p.kind = 'certificate' and p.code = c.certificate
    where c.valid_from <= d.as_of
        and c.valid_to >= d.as_of
    group by c.expert_id, c.competence
),

event_points as (
    select
        e.expert_id,
        e.competence,
        sum(coalesce(p.points, 0)) as points
    from event_rows as e
    cross join as_of as d
    left join rating_points as p on p.kind = 'role' and p.code = e.role
    where e.year between year(d.as_of) - 2 and year(d.as_of)
    group by e.expert_id, e.competence
),

scored as (
    select
        p.expert_id,
        p.competence,
        cast(coalesce(c.points, 0) as integer) as certificate_points,
        cast(coalesce(e.points, 0) as integer) as event_points,
        coalesce(c.expiring_soon, false) as expiring_soon
    from pairs as p
    left join certificate_points as c using (expert_id, competence)
    left join event_points as e using (expert_id, competence)
),

final as (
    select
        d.as_of,
        s.expert_id,
        i.full_name,
        s.competence,
        s.certificate_points + s.event_points as points,
        cast(
            dense_rank() over (
                partition by s.competence order by s.certificate_points + s.event_points desc
            ) as integer
        ) as rank_in_competence,
        s.expiring_soon,
        i.organization,
        i.inst_code,
        s.certificate_points,
        s.event_points,
        cast(count(*) over (partition by s.competence) as integer) as rated_in_competence
    from scored as s
    cross join as_of as d
    left join identity as i using (expert_id)
)

select * from final
