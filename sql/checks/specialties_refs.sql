-- check: every specialty belongs to an existing УГС and its kind matches its code
select s.*
from seed.specialties as s
left join seed.ugs as u using (ugs_code)
where u.ugs_code is null
    or s.kind not in ('profession', 'specialty')
    or (s.kind = 'profession') <> (substr(s.specialty_code, 4, 2) = '01')
