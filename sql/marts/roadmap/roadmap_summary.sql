-- grain: the roadmap's headline figures as of today and, to compare, as of the same day a year earlier
-- key: as_of
-- params: p_section := null, p_executor := null
-- One row over the measures in scope: all of them, or those of one section (p_section) and/or one
-- executor (p_executor; '-' stands for the measures that name no executor, 2.6 and 2.7).
with scope as (
    select *
    from roadmap_progress
    where (p_section is null or section_no = p_section)
        and (
            p_executor is null
            or (p_executor = '-' and len(executor_codes) = 0)
            or list_contains(executor_codes, p_executor)
        )
),

scope_then as (
    select y.*
    from roadmap_progress_year_ago as y
    inner join scope as s using (item_code)
),

now_figures as (
    select
        count(*) as measures,
        count(*) filter (where status = 'done') as done,
        count(*) filter (where status = 'in_progress') as in_progress,
        count(*) filter (where status = 'not_started') as not_started,
        count(*) filter (where status = 'cancelled') as cancelled,
        count(*) filter (where is_overdue) as overdue,
        count(*) filter (where is_ongoing) as ongoing,
        round(avg(progress_pct), 1)::double as avg_progress_pct
    from scope
),

then_figures as (
    select
        count(*) filter (where status = 'done') as done_year_ago,
        count(*) filter (where is_overdue) as overdue_year_ago
    from scope_then
),

final as (
    select
        n.*,
        t.*,
        cast(coalesce(cast(getvariable('mart_today') as date), current_date) - interval 1 year as date) as year_ago,
        coalesce(cast(getvariable('mart_today') as date), current_date) as as_of
    from now_figures as n
    cross join then_figures as t
)

select * from final
