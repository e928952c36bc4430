-- grain: one expected submitter of one collection (a dataset × reporting year)
-- key: dataset, year, inst_code
-- Who must submit each collection (the model collection_expected: every college, every university,
-- or one submitter such as the regional centre) and where each stands:
--   submitted — an accepted (not revoked) batch covered this submitter and year on or before the deadline;
--   late      — the first such batch came after the deadline;
--   excused   — released by the coordinator (with a reason) and nothing submitted;
--   missing   — nothing submitted.
-- days_late counts from the deadline to the first delivery (late) or to today (missing);
-- days_to_deadline is negative once the deadline has passed; is_closed: the collection is closed.
-- "Today" is the DuckDB variable mart_today (set by the project's connections from MART_TODAY),
-- else the real date, so the view opens in any DuckDB client.
with today as (
    select coalesce(cast(getvariable('mart_today') as date), current_date) as d
),

colls as (
    select
        c.dataset,
        c.year,
        c.deadline,
        c.closed_at is not null as is_closed,
        r.title_ru as dataset_title,
        r.sort_order
    from collections as c
    inner join seed.collection_rules as r using (dataset)
),

expected as (
    select
        c.dataset, c.year, c.deadline, c.is_closed, c.dataset_title, c.sort_order,
        x.inst_code, x.submitter_name, x.director
    from colls as c
    inner join collection_expected as x using (dataset)
),

deliveries as (
    select
        v.dataset,
        v.year,
        v.inst_code,
        min(b.uploaded_at) as first_upload_at,
        max(b.uploaded_at) as last_upload_at,
        max(v.batch_id) as batch_id
    from batch_coverage as v
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
    group by v.dataset, v.year, v.inst_code
),

final as (
    select
        e.dataset,
        e.dataset_title,
        e.sort_order,
        e.year,
        e.inst_code,
        e.submitter_name,
        e.director,
        e.deadline,
        case
            when d.batch_id is not null and e.deadline is not null and cast(d.first_upload_at as date) > e.deadline
                then 'late'
            when d.batch_id is not null then 'submitted'
            when x.inst_code is not null then 'excused'
            else 'missing'
        end as status,
        d.first_upload_at,
        d.last_upload_at,
        d.batch_id,
        x.reason as excuse_reason,
        case
            when d.batch_id is not null and e.deadline is not null and cast(d.first_upload_at as date) > e.deadline
                then cast(d.first_upload_at as date) - e.deadline
            when d.batch_id is null and x.inst_code is null and e.deadline is not null and t.d > e.deadline
                then t.d - e.deadline
        end as days_late,
        case when e.deadline is not null then e.deadline - t.d end as days_to_deadline,
        e.is_closed
    from expected as e
    cross join today as t
    left join deliveries as d using (dataset, year, inst_code)
    left join collection_excuses as x using (dataset, year, inst_code)
)

select * from final
order by dataset, year, inst_code
