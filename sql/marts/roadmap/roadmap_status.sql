-- grain: one status report on one roadmap measure as of one date (the dataset «roadmap_status»)
-- key: item_code, status_date
with reports as (
    select * from stg_roadmap_status
),

final as (
    select
        r.item_code,
        'п. ' || r.item_code as item_label,
        r.status,
        s.label_ru as status_label,
        r.progress_pct,
        r.status_date,
        r.evidence,
        r.comment,
        r.batch_id,
        r.uploaded_by,
        r.uploaded_at,
        r.is_demo
    from reports as r
    left join seed.roadmap_statuses as s using (status)
)

select * from final
