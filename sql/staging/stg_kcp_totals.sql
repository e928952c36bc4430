-- grain: the approved admission targets (КЦП) of one specialty, form of study and admission year, current version
-- key: admission_year, specialty_code, study_form
-- materialized: table
-- slice: admission_year as year
with versions as (
    select
        r.* replace (coalesce(r.study_form, 'full_time') as study_form),
        b.uploaded_at, b.uploaded_by, b.channel = 'demo' as is_demo
    from raw.kcp_totals as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (
        partition by admission_year, specialty_code, study_form order by batch_id desc, row_no desc
    ) = 1
)

select
    admission_year, specialty_code, study_form, places, order_ref,
    batch_id, uploaded_at, uploaded_by, is_demo
from latest
where op = 'upsert'
