-- grain: one official monitoring status of an СПО graduate
-- key: status_code
with statuses as (
    select * from seed.employment_statuses
),

final as (
    select
        status_code,
        label_ru,
        status_group,
        sort_order,
        official_wording
    from statuses
)

select * from final
order by sort_order
