-- grain: one section of the roadmap with its title as people name it and its number of measures
-- key: section_no
-- Section 1 has no title of its own in the decree (has_own_title = false; its label says so).
with items as (
    select * from roadmap_items
),

final as (
    select
        section_no,
        any_value(section_title) as section_title,
        any_value(section_label) as section_label,
        bool_or(nullif(section_title, '') is not null) as has_own_title,
        count(*) as measures
    from items
    group by section_no
)

select * from final
order by section_no
