-- check: the roadmap holds the decree's 57 measures in 8 sections
select count(*) as measures, count(distinct section_no) as sections
from seed.roadmap_items
having count(*) <> 57 or count(distinct section_no) <> 8
