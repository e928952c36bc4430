-- grain: one year with expert events (the page offers 31 December of each past one as a date)
-- key: year
with event_rows as (
    select * from expert_events
),

final as (
    select distinct year
    from event_rows
)

select * from final
