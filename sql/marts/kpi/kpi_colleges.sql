-- grain: one college (ПОО), the organizations the directors' KPI is computed for
-- key: inst_code
with organizations as (
    select * from institutions
),

final as (
    select
        inst_code,
        short_name,
        municipality,
        is_demo
    from organizations
    where kind = 'ПОО'
)

select * from final
