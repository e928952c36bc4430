-- grain: one oddity of the decree's text flagged on one measure
-- key: item_code, kind
-- Flagged rather than hidden: a deadline that starts before the decree was signed (09.08.2019), a
-- measure that names no executor, a note of the transcription (seeds/README.roadmap.md).
with items as (
    select * from roadmap_items
),

flags as (
    select
        item_code,
        1 as kind_order,
        'Срок начинается до подписания постановления' as kind,
        deadline_text || ' (' || strftime(start_date, '%d.%m.%Y') || '–'
        || strftime(end_date, '%d.%m.%Y') || '), постановление подписано 09.08.2019' as detail
    from items
    where deadline_before_decree
    union all
    select
        item_code,
        2,
        'Исполнитель не указан',
        'В графе «Ответственный исполнитель» стоит текст документа; исполнитель не назван'
    from items
    where has_no_executor
    union all
    select item_code, 3, 'Примечание расшифровки', note
    from items
    where note is not null
),

final as (
    select
        i.item_code,
        i.item_label,
        i.section_no,
        i.item_no,
        i.section_label,
        f.kind_order,
        f.kind,
        f.detail
    from flags as f
    inner join items as i using (item_code)
)

select * from final
order by kind_order, section_no, item_no
