-- check: every status synonym names an existing status, and no synonym means two statuses
select status_code, synonym
from seed.employment_status_synonyms
where status_code not in (select status_code from seed.employment_statuses)
union all
select min(status_code), lower(replace(synonym, 'ё', 'е'))
from seed.employment_status_synonyms
group by lower(replace(synonym, 'ё', 'е'))
having count(distinct status_code) > 1
