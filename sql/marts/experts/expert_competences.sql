-- grain: one competence in the expert base (with a certificate or an event)
-- key: competence
with certificate_rows as (
    select * from experts
),

event_rows as (
    select * from expert_events
),

final as (
    select competence from certificate_rows
    union
    select competence from event_rows
)

select * from final
