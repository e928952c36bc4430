-- grain: one year with any championship result
-- key: year
select distinct year
from championship_results
