-- grain: one answer of an employer's survey (or one announced need of an investment project), current version
-- key: survey_year, employer_inn, source, profession_name, level, need_year
-- materialized: table
-- slice: employer_inn
-- The latest version of every key among accepted (not revoked) batches; a key whose latest
-- version is a retirement (replace mode) is gone.
with versions as (
    select
        r.*,
        b.uploaded_at,
        b.uploaded_by,
        b.channel = 'demo' as is_demo
    from raw.employer_needs as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (
        partition by survey_year, employer_inn, source, profession_name, level, need_year
        order by batch_id desc, row_no desc
    ) = 1
),

final as (
    select
        survey_year, employer_inn, source, profession_name, okpdtr_code, specialty_code,
        ugs_code, level, need_year, headcount, target_contract, salary_rub,
        batch_id,
        uploaded_at,
        uploaded_by,
        is_demo
    from latest
    where op = 'upsert'
)

select * from final
