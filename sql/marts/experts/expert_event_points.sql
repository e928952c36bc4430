-- grain: one role of one expert at one event in one competence, as counted in the rating today
-- key: expert_id, year, event, competence, role
-- params: p_as_of := null
-- "Today" is p_as_of when given (another day), else the variable mart_today (MART_TODAY), else the date.
-- A role counts in today's year and the two years before (counted), worth its points in
-- seed.expert_rating_points, as in expert_rating; outside that window it is worth 0.
with event_rows as (
    select * from expert_events
),

rating_points as (
    select * from seed.expert_rating_points
    where kind = 'role'
),

as_of as (
    select coalesce(cast(p_as_of as date), cast(getvariable('mart_today') as date), current_date) as as_of
),

final as (
    select
        e.expert_id,
        e.year,
        e.event,
        e.competence,
        e.role,
        e.year between year(d.as_of) - 2 and year(d.as_of) as counted,
        cast(case when e.year between year(d.as_of) - 2 and year(d.as_of)
            then coalesce(p.points, 0) else 0 end as integer) as points,
        d.as_of
    from event_rows as e
    cross join as_of as d
    left join rating_points as p on p.code = e.role
)

select * from final
