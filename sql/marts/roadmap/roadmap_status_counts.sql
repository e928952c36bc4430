-- grain: one status a roadmap measure can hold, with how many measures hold it today
-- key: status
with statuses as (
    select * from seed.roadmap_statuses
),

final as (
    select
        s.status,
        s.label_ru as status_label,
        s.is_closed,
        s.sort_order,
        count(p.item_code) as measures
    from statuses as s
    left join roadmap_progress as p using (status)
    group by s.status, s.label_ru, s.is_closed, s.sort_order
)

select * from final
order by sort_order
