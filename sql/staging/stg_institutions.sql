-- grain: one institution (college or university), current version
-- key: inst_code
-- materialized: table
-- slice: inst_code
-- The latest version of every key among accepted (not revoked) batches; a key whose latest
-- version is a retirement (replace mode) is gone.
with versions as (
    select
        r.*,
        b.uploaded_at,
        b.uploaded_by,
        b.channel = 'demo' as is_demo
    from raw.institutions as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (partition by inst_code order by batch_id desc, row_no desc) = 1
),

final as (
    select
        inst_code, short_name, full_name, kind, municipality, director,
        batch_id,
        uploaded_at,
        uploaded_by,
        is_demo
    from latest
    where op = 'upsert'
)

select * from final
