-- check: every specialty-competence match names an existing specialty and competence
select sc.*
from seed.specialty_competences as sc
left join seed.specialties as s using (specialty_code)
left join seed.competences as c using (competence)
where s.specialty_code is null or c.competence is null
