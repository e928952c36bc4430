-- grain: one cell of a college's federal monitoring form for one graduation year, in its current version
-- key: year, inst_code, specialty_code, form_row, col_no
-- materialized: table
-- slice: inst_code, year
-- The latest version of every cell among accepted (not revoked) batches; forms are loaded in replace
-- mode, so a cell missing from a newer form of the same college and year is retired.
with versions as (
    select
        r.*,
        b.uploaded_at,
        b.uploaded_by,
        b.channel = 'demo' as is_demo
    from raw.employment_form as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (
        partition by year, inst_code, specialty_code, form_row, col_no order by batch_id desc, row_no desc
    ) = 1
),

final as (
    select
        year, inst_code, specialty_code, form_row, col_no, value, text,
        batch_id,
        uploaded_at,
        uploaded_by,
        is_demo
    from latest
    where op = 'upsert'
)

select * from final
