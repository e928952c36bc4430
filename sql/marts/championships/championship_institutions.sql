-- grain: one college or university whose students took part in any championship
-- key: inst_code
select distinct
    r.inst_code,
    i.short_name
from championship_results as r
inner join institutions as i using (inst_code)
