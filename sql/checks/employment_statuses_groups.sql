-- check: every employment status is in one of the groups employed, excused, other
select *
from seed.employment_statuses
where status_group not in ('employed', 'excused', 'other')
