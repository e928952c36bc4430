-- grain: one measure of the roadmap approved by decree No. 448 of 09.08.2019
-- key: item_code
-- materialized: table
-- A measure's code "5.11" is section 5, measure 11; groups ("5.2") are headings, not measures,
-- so screens show a measure as «п. 5.11» with its section and group.
-- Labels as people read them: «Раздел 5. Реализация …» (section 1 has no title of its own in the
-- decree, only its groups 1.1–1.4 have, and its label says so), «группа 5.2 «…»» or «вне групп», and
-- the decree's «Ответственный исполнитель» as written («— не указан —» where it is empty).
with items as (
    select * from seed.roadmap_items
),

executors as (
    select
        ie.item_code,
        list(e.executor_code order by e.executor_code) as executor_codes,
        string_agg(e.name_ru, '; ' order by e.executor_code) as executors
    from seed.roadmap_item_executors as ie
    inner join seed.roadmap_executors as e using (executor_code)
    group by ie.item_code
),

final as (
    select
        i.item_code,
        'п. ' || i.item_code as item_label,
        i.section_no,
        i.item_no,
        i.section_title,
        'Раздел ' || i.section_no || coalesce(
            '. ' || rtrim(nullif(i.section_title, ''), ':'),
            ' (собственного заголовка в постановлении нет)'
        ) as section_label,
        i.group_code,
        i.group_title,
        case
            when i.group_code is null then 'вне групп'
            else 'группа ' || i.group_code || coalesce(' «' || i.group_title || '»', '')
        end as group_label,
        i.title,
        i.key_result,
        i.deadline_text,
        i.start_date,
        i.end_date,
        i.is_ongoing,
        i.responsible,
        coalesce(nullif(i.responsible, ''), '— не указан —') as responsible_label,
        coalesce(e.executor_codes, []::varchar[]) as executor_codes,
        e.item_code is null as has_no_executor,
        e.executors,
        i.documents,
        i.note,
        -- the decree was signed on 09.08.2019; a deadline starting earlier is one of its oddities
        coalesce(i.start_date < date '2019-08-09', false) as deadline_before_decree
    from items as i
    left join executors as e using (item_code)
)

select * from final
order by section_no, item_no
