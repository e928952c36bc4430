-- grain: one specialty's admission plan (КЦП) and enrolment at one college and year, by form of study and base education, current version
-- key: year, inst_code, specialty_code, study_form, base_education
-- nullable: base_education
-- materialized: table
-- slice: inst_code, year
-- The latest version of every key among accepted (not revoked) batches; a key whose latest
-- version is a retirement (replace mode) is gone. Files of the first format have no form of study
-- (full-time) and no base education (empty: not split).
with versions as (
    select
        r.* replace (coalesce(r.study_form, 'full_time') as study_form),
        b.uploaded_at,
        b.uploaded_by,
        b.channel = 'demo' as is_demo
    from raw.admissions as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (
        partition by year, inst_code, specialty_code, study_form, base_education
        order by batch_id desc, row_no desc
    ) = 1
),

final as (
    select
        year, inst_code, specialty_code, study_form, base_education,
        kcp_plan, enrolled, applications, enrolled_target, enrolled_paid,
        batch_id,
        uploaded_at,
        uploaded_by,
        is_demo
    from latest
    where op = 'upsert'
)

select * from final
