-- grain: one status report on one roadmap measure as of one date, current version
-- key: item_code, status_date
-- materialized: table
-- slice: item_code
-- The latest version of every key among accepted (not revoked) batches; a key whose latest
-- version is a retirement (replace mode) is gone.
with versions as (
    select
        r.*,
        b.uploaded_at,
        b.uploaded_by,
        b.channel = 'demo' as is_demo
    from raw.roadmap_status as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (partition by item_code, status_date order by batch_id desc, row_no desc) = 1
),

final as (
    select
        item_code, status, progress_pct, status_date, evidence, comment,
        batch_id,
        uploaded_at,
        uploaded_by,
        is_demo
    from latest
    where op = 'upsert'
)

select * from final
