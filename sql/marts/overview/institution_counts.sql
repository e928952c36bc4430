-- grain: the region (one row)
-- key: colleges, universities
-- How many colleges (ПОО) and universities (ОВО) the mart knows: the denominator of the data gaps.
select
    count(*) filter (where kind = 'ПОО') as colleges,
    count(*) filter (where kind = 'ОВО') as universities
from institutions
