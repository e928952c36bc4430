-- grain: one contestant's result in one competence at one championship, current version
-- key: year, event, competence, participant_id
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
    from raw.championship_results as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (partition by year, event, competence, participant_id order by batch_id desc, row_no desc) = 1
),

final as (
    select
        year, event, level, age_group, competence, participant_id, participant_name, inst_code, organization, score, medal,
        batch_id,
        uploaded_at,
        uploaded_by,
        is_demo
    from latest
    where op = 'upsert'
)

select * from final
