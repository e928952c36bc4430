-- grain: one roadmap measure as the roadmap page shows it: the decree's row, its status as of today, its bar
-- key: item_code
-- The measure's table, card, timeline bar and the list of overdue measures read this one model.
-- flags names the decree's oddities of a measure (a deadline starting before the decree was signed on
-- 09.08.2019; no executor named). The timeline bar runs over the deadline (start–end); an ongoing
-- measure («Постоянно») has none, so its bar runs from the decree's signing to today.
with items as (
    select * from roadmap_items
),

progress as (
    select * from roadmap_progress
),

final as (
    select
        i.item_code,
        i.item_label,
        i.section_no,
        i.item_no,
        i.section_label,
        i.group_code,
        i.group_label,
        i.title,
        i.key_result,
        i.documents,
        i.deadline_text,
        i.start_date,
        i.end_date,
        i.is_ongoing,
        i.responsible_label as responsible,
        i.executors,
        i.executor_codes,
        i.has_no_executor,
        i.deadline_before_decree,
        nullif(
            concat_ws(
                '; ',
                case when i.deadline_before_decree
                    then 'срок начинается до подписания постановления (09.08.2019)' end,
                case when i.has_no_executor then 'исполнитель не указан' end
            ),
            ''
        ) as flags,
        i.note,
        i.note is not null as has_note,
        p.status,
        p.status_label,
        p.is_closed,
        cast(p.progress_pct as double) as progress_pct,
        p.status_date,
        p.evidence,
        p.comment,
        p.is_overdue,
        p.days_overdue,
        i.item_label || ' — ' || left(i.title, 60) || case when length(i.title) > 60 then '…' else '' end
            as bar_label,
        coalesce(i.start_date, date '2019-08-09') as bar_start,
        coalesce(i.end_date, p.as_of) as bar_end,
        case when i.is_ongoing then 'Постоянно (с подписания по сегодня)' else 'Срок по постановлению' end
            as bar_kind,
        p.as_of
    from items as i
    inner join progress as p using (item_code)
)

select * from final
order by section_no, item_no
