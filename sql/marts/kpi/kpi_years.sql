-- grain: one year that has KPI figures
-- key: year
-- The years offered on the KPI page and in the meeting pack, with the colleges that have figures.
with indicator_values as (
    select * from kpi_values
),

final as (
    select
        year,
        cast(count(distinct inst_code) as integer) as colleges
    from indicator_values
    group by year
)

select * from final
