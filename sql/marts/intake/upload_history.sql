-- grain: one upload attempt (a batch: accepted, rejected or revoked) with what became of it
-- key: batch_id
-- inst_code is the institution the batch is about, or the one the upload was bound to; who may see a
-- batch is decided by mart.intake.uploads_log (by batch_inst_code, scope_inst and uploaded_by), not here.
with batches as (
    select * from upload_batches
),

warnings as (
    select batch_id, count(*) as warning_count
    from upload_errors
    where severity = 'warning'
    group by batch_id
),

final as (
    select
        b.batch_id,
        b.dataset,
        coalesce(b.inst_code, b.scope_inst) as inst_code,
        b.inst_code as batch_inst_code,
        b.scope_inst,
        b.file_name,
        b.rows,
        b.rows_new,
        b.rows_replaced,
        b.rows_unchanged,
        b.rows_retired,
        b.uploaded_by,
        b.uploaded_at,
        b.status,
        b.error_count,
        coalesce(w.warning_count, 0) as warning_count,
        b.channel,
        b.mode,
        b.note,
        b.revoked_by,
        b.revoked_at
    from batches as b
    left join warnings as w using (batch_id)
)

select * from final
order by batch_id desc
