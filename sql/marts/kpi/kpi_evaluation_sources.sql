-- grain: one dataset a saved KPI evaluation was computed from
-- key: evaluation_id, dataset
-- The upload batches frozen with the evaluation, by dataset: how many, the last one and when it was
-- uploaded (the freshness of the evaluation, not of today's data).
with evaluations as (
    select * from kpi_evaluations
),

batches as (
    select * from upload_batches
),

final as (
    select
        e.evaluation_id,
        b.dataset,
        count(*) as batches,
        max(b.batch_id) as last_batch_id,
        max(b.uploaded_at) as last_upload_at
    from evaluations as e
    inner join batches as b on list_contains(e.batch_ids, b.batch_id)
    group by e.evaluation_id, b.dataset
)

select * from final
