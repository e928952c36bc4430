-- grain: one institution: a college (ПОО) or a university (ОВО)
-- key: inst_code
-- slice: inst_code
with institutions as (
    select * from stg_institutions
),

final as (
    select
        inst_code,
        short_name,
        full_name,
        kind,
        municipality,
        director,
        is_demo,
        batch_id,
        uploaded_at
    from institutions
)

select * from final
order by inst_code
