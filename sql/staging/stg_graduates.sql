-- grain: one graduate of one college and year, in its current version
-- key: inst_code, graduation_year, graduate_id
-- materialized: table
-- slice: inst_code, graduation_year as year
-- The latest version of every key among accepted (not revoked) batches; a key whose latest
-- version is a retirement (replace mode) is gone.
with versions as (
    select
        r.*,
        b.uploaded_at,
        b.uploaded_by,
        b.channel = 'demo' as is_demo
    from raw.graduates as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (partition by inst_code, graduation_year, graduate_id order by batch_id desc, row_no desc) = 1
),

final as (
    select
        inst_code, graduation_year, specialty_code, graduate_id, status, by_specialty, retained_4m, status_date,
        health_limitations, disability, disability_kind, target_contract, abilympics,
        batch_id,
        uploaded_at,
        uploaded_by,
        is_demo
    from latest
    where op = 'upsert'
)

select * from final
