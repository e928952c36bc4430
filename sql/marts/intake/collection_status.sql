-- grain: one collection (a dataset × reporting year)
-- key: dataset, year
-- How complete each collection is. expected = submitters not excused (plus excused ones that
-- submitted anyway); submitted counts late ones too; missing = expected − submitted.
-- A year of a dataset is complete when its collection is closed («сбор завершён») or when every
-- expected submitter has submitted. Every dataset × year holding data has a collection (data that
-- arrives without one opens it, with the deadline still to be set).
-- share_submitted = submitted / expected (empty when nobody is expected); submitter_name names the
-- one submitter of a dataset that has a single one (the regional centre).
with today as (
    select coalesce(cast(getvariable('mart_today') as date), current_date) as d
),

counts as (
    select
        dataset,
        year,
        count(*) filter (where status <> 'excused') as expected,
        count(*) filter (where status in ('submitted', 'late')) as submitted,
        count(*) filter (where status = 'late') as late,
        count(*) filter (where status = 'missing') as missing,
        count(*) filter (where status = 'excused') as excused,
        max(last_upload_at) as last_upload_at
    from collection_submitters
    group by dataset, year
),

final as (
    select
        c.dataset,
        c.year,
        r.title_ru as dataset_title,
        r.submitters,
        r.submitter_name,
        c.deadline,
        cast(coalesce(n.expected, 0) as integer) as expected,
        cast(coalesce(n.submitted, 0) as integer) as submitted,
        cast(coalesce(n.late, 0) as integer) as late,
        cast(coalesce(n.missing, 0) as integer) as missing,
        cast(coalesce(n.excused, 0) as integer) as excused,
        case when n.expected > 0 then cast(n.submitted as double) / n.expected end as share_submitted,
        c.closed_at is not null or coalesce(n.missing, 0) = 0 as is_complete,
        c.closed_at is not null as is_closed,
        c.closed_at,
        c.closed_by,
        c.auto_opened,
        n.last_upload_at,
        case when c.deadline is not null then c.deadline - t.d end as days_to_deadline,
        r.sort_order
    from collections as c
    inner join seed.collection_rules as r using (dataset)
    cross join today as t
    left join counts as n using (dataset, year)
)

select * from final
order by sort_order, year
