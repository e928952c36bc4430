-- grain: one section of the roadmap × one status: how many of its measures hold that status today
-- key: section_no, status
-- Every status of every section is present, zeros too (the stacked bar's rows).
with sections as (
    select section_no, section_label from roadmap_sections
),

final as (
    select
        s.section_no,
        'Раздел ' || s.section_no as section,
        s.section_label,
        st.status,
        st.label_ru as status_label,
        st.sort_order,
        count(p.item_code) as measures
    from sections as s
    cross join seed.roadmap_statuses as st
    left join roadmap_progress as p on p.section_no = s.section_no and p.status = st.status
    group by s.section_no, s.section_label, st.status, st.label_ru, st.sort_order
)

select * from final
order by section_no, sort_order
