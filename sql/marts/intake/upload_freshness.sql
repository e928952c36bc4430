-- grain: one dataset × institution with the last accepted upload that brought rows about it
-- key: dataset, inst_code
-- nullable: inst_code
-- How fresh the data is. inst_code is empty for datasets whose rows name no institution (the KCP
-- totals, the roadmap's status, employers…). Every dataset of mart.intake.datasets is listed here
-- (tests/test_models_intake.py checks that none is missing).
with touched as (
    select distinct batch_id, 'graduates' as dataset, inst_code from raw.graduates
    union all
    select distinct batch_id, 'championship_results' as dataset, inst_code from raw.championship_results
    union all
    select distinct batch_id, 'experts' as dataset, inst_code from raw.experts
    union all
    select distinct batch_id, 'expert_events' as dataset, cast(null as varchar) as inst_code from raw.expert_events
    union all
    select distinct batch_id, 'demo_exams' as dataset, inst_code from raw.demo_exams
    union all
    select distinct batch_id, 'admissions' as dataset, inst_code from raw.admissions
    union all
    select distinct batch_id, 'kcp_proposals' as dataset, cast(null as varchar) as inst_code from raw.kcp_proposals
    union all
    select distinct batch_id, 'kcp_totals' as dataset, cast(null as varchar) as inst_code from raw.kcp_totals
    union all
    select distinct batch_id, 'kcp_competition' as dataset, inst_code from raw.kcp_competition
    union all
    select distinct batch_id, 'roadmap_status' as dataset, cast(null as varchar) as inst_code from raw.roadmap_status
    union all
    select distinct batch_id, 'institutions' as dataset, inst_code from raw.institutions
    union all
    select distinct batch_id, 'employers' as dataset, cast(null as varchar) as inst_code from raw.employers
    union all
    select distinct batch_id, 'employer_needs' as dataset, cast(null as varchar) as inst_code from raw.employer_needs
    union all
    select distinct batch_id, 'employment_form' as dataset, inst_code from raw.employment_form
),

batches as (
    select batch_id, uploaded_at from upload_batches where status = 'accepted'
),

final as (
    select
        t.dataset,
        t.inst_code,
        max(b.uploaded_at) as last_upload_at,
        max(b.batch_id) as last_batch_id
    from touched as t
    inner join batches as b using (batch_id)
    group by t.dataset, t.inst_code
)

select * from final
order by dataset, inst_code nulls first
