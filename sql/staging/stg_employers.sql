-- grain: one employer or investment project (current version)
-- key: employer_inn
-- materialized: table
-- slice: employer_inn
-- The latest version of every key among accepted (not revoked) batches; a key whose latest
-- version is a retirement is gone.
with versions as (
    select
        r.*,
        b.uploaded_at,
        b.uploaded_by,
        b.channel = 'demo' as is_demo
    from raw.employers as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (partition by employer_inn order by batch_id desc, row_no desc) = 1
),

final as (
    select
        employer_inn, name, okved, municipality, is_investment_project, project_name, is_toser,
        batch_id,
        uploaded_at,
        uploaded_by,
        is_demo
    from latest
    where op = 'upsert'
)

select * from final
