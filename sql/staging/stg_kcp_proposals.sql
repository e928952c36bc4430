-- grain: one proposal of admission targets (КЦП) for a specialty and admission year by one proposer, current version
-- key: admission_year, specialty_code, proposed_by
-- materialized: table
-- slice: admission_year as year
with versions as (
    select r.*, b.uploaded_at, b.uploaded_by, b.channel = 'demo' as is_demo
    from raw.kcp_proposals as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (
        partition by admission_year, specialty_code, proposed_by order by batch_id desc, row_no desc
    ) = 1
)

select
    admission_year, specialty_code, proposed_by, places, justification,
    batch_id, uploaded_at, uploaded_by, is_demo
from latest
where op = 'upsert'
