-- grain: one competence with any championship result
-- key: competence
select distinct competence
from championship_results
