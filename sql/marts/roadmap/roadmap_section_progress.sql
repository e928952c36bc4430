-- grain: one section of the roadmap with its measures by status as of today
-- key: section_no
with progress as (
    select * from roadmap_progress
),

sections as (
    select section_no, section_label from roadmap_sections
),

final as (
    select
        p.section_no,
        s.section_label,
        count(*) as measures,
        count(*) filter (where p.status = 'done') as done,
        count(*) filter (where p.status = 'in_progress') as in_progress,
        count(*) filter (where p.status = 'not_started') as not_started,
        count(*) filter (where p.status = 'cancelled') as cancelled,
        count(*) filter (where p.is_overdue) as overdue,
        round(avg(p.progress_pct), 1)::double as avg_progress_pct
    from progress as p
    inner join sections as s using (section_no)
    group by p.section_no, s.section_label
)

select * from final
order by section_no
