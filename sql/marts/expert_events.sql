-- grain: one role of one expert at one event in one competence (current version)
-- key: expert_id, year, event, competence, role
with events as (
    select * from stg_expert_events
),

final as (
    select
        expert_id,
        year,
        event,
        competence,
        role,
        batch_id,
        is_demo
    from events
)

select * from final
