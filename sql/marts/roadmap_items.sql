-- grain: one measure of the roadmap approved by decree No. 448 of 09.08.2019
-- key: item_code
-- materialized: table
-- A measure's code "5.11" is section 5, measure 11; groups ("5.2") are headings, not measures,
-- so screens show a measure as «п. 5.11» with its section and group.
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
        i.group_code,
        i.group_title,
        i.title,
        i.key_result,
        i.deadline_text,
        i.start_date,
        i.end_date,
        i.is_ongoing,
        i.responsible,
        coalesce(e.executor_codes, []::varchar[]) as executor_codes,
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
