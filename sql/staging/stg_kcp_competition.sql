-- grain: one college's bid and award in the competition for admission targets (КЦП) in a specialty, form of study and admission year, current version
-- key: admission_year, inst_code, specialty_code, study_form
-- materialized: table
-- slice: inst_code, admission_year as year
with versions as (
    select
        r.* replace (coalesce(r.study_form, 'full_time') as study_form),
        b.uploaded_at, b.uploaded_by, b.channel = 'demo' as is_demo
    from raw.kcp_competition as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (
        partition by admission_year, inst_code, specialty_code, study_form order by batch_id desc, row_no desc
    ) = 1
)

select
    admission_year, inst_code, specialty_code, study_form, bid_places, score, awarded_places,
    batch_id, uploaded_at, uploaded_by, is_demo
from latest
where op = 'upsert'
