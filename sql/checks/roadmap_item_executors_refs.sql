-- check: every measure-executor pair names an existing measure and executor
select ie.*
from seed.roadmap_item_executors as ie
left join seed.roadmap_items as i using (item_code)
left join seed.roadmap_executors as e using (executor_code)
where i.item_code is null or e.executor_code is null
