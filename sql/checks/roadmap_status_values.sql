-- check: roadmap status reports name an existing measure and status, progress 0–100
select r.*
from roadmap_status as r
left join seed.roadmap_items as i using (item_code)
where i.item_code is null
    or r.status_label is null
    or r.progress_pct not between 0 and 100
