-- grain: one roadmap measure with its latest status as of today (MART_TODAY when set)
-- key: item_code
-- A measure is overdue when its deadline has passed and it is neither done nor cancelled;
-- ongoing measures («Постоянно») are never overdue.
with items as (
    select * from roadmap_items
),

latest_status as (
    select *
    from roadmap_status
    where status_date <= coalesce(cast(getvariable('mart_today') as date), current_date)
    qualify row_number() over (partition by item_code order by status_date desc, batch_id desc) = 1
),

joined as (
    select
        i.*,
        coalesce(s.status, 'not_started') as status,
        s.progress_pct as reported_progress_pct,
        s.status_date,
        s.evidence,
        s.comment
    from items as i
    left join latest_status as s using (item_code)
),

final as (
    select
        j.item_code,
        j.item_label,
        j.section_no,
        j.item_no,
        j.section_title,
        j.group_code,
        j.group_title,
        j.title,
        j.deadline_text,
        j.start_date,
        j.end_date,
        j.is_ongoing,
        j.responsible,
        j.executors,
        j.executor_codes,
        j.deadline_before_decree,
        j.status,
        st.label_ru as status_label,
        st.is_closed,
        case
            when j.reported_progress_pct is not null then j.reported_progress_pct
            when j.status = 'done' then 100
            else 0
        end as progress_pct,
        j.status_date,
        j.evidence,
        j.comment,
        not j.is_ongoing and j.end_date < coalesce(cast(getvariable('mart_today') as date), current_date) and not st.is_closed as is_overdue,
        case
            when not j.is_ongoing and j.end_date < coalesce(cast(getvariable('mart_today') as date), current_date) and not st.is_closed
                then coalesce(cast(getvariable('mart_today') as date), current_date) - j.end_date
        end as days_overdue,
        coalesce(cast(getvariable('mart_today') as date), current_date) as as_of
    from joined as j
    inner join seed.roadmap_statuses as st using (status)
)

select * from final
order by section_no, item_no
