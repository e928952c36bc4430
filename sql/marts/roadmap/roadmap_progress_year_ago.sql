-- grain: one roadmap measure with the status it had on the same day a year before today
-- key: item_code
-- The latest report dated on or before that day counts (as in roadmap_progress); a measure with none
-- was not started. Overdue then: its deadline had passed by then and it was neither done nor cancelled.
with year_ago as (
    select cast(coalesce(cast(getvariable('mart_today') as date), current_date) - interval 1 year as date) as d
),

status_then as (
    select s.item_code, s.status
    from roadmap_status as s
    cross join year_ago as y
    where s.status_date <= y.d
    qualify row_number() over (partition by s.item_code order by s.status_date desc, s.batch_id desc) = 1
),

final as (
    select
        i.item_code,
        i.section_no,
        i.executor_codes,
        coalesce(t.status, 'not_started') as status,
        not i.is_ongoing and i.end_date < y.d and not st.is_closed as is_overdue,
        y.d as year_ago
    from roadmap_items as i
    cross join year_ago as y
    left join status_then as t using (item_code)
    inner join seed.roadmap_statuses as st on st.status = coalesce(t.status, 'not_started')
)

select * from final
order by section_no, item_code
