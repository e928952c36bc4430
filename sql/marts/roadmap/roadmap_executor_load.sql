-- grain: one executor named in the decree, with how many measures it carries
-- key: executor_code
with executors as (
    select * from seed.roadmap_executors
),

final as (
    select e.executor_code, e.name_ru, e.kind, count(ie.item_code) as measures
    from executors as e
    left join seed.roadmap_item_executors as ie using (executor_code)
    group by e.executor_code, e.name_ru, e.kind
)

select * from final
order by measures desc, name_ru
