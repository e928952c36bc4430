-- grain: one municipality that has colleges (ПОО)
-- key: municipality
-- nullable: municipality
with colleges as (
    select * from kpi_colleges
),

final as (
    select
        municipality,
        cast(count(*) as integer) as colleges
    from colleges
    group by municipality
)

select * from final
