-- grain: one role of one expert at one event in one competence, current version
-- key: expert_id, year, event, competence, role
-- materialized: table
-- slice: year, event
-- The latest version of every key among accepted (not revoked) batches; a key whose latest
-- version is a retirement (replace mode) is gone.
with versions as (
    select
        r.*,
        b.uploaded_at,
        b.uploaded_by,
        b.channel = 'demo' as is_demo
    from raw.expert_events as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (partition by expert_id, year, event, competence, role order by batch_id desc, row_no desc) = 1
),

final as (
    select
        expert_id, year, event, competence, role,
        batch_id,
        uploaded_at,
        uploaded_by,
        is_demo
    from latest
    where op = 'upsert'
)

select * from final
