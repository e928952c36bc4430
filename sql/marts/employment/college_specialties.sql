-- grain: one specialty a college teaches (admits to or has graduates of)
-- key: inst_code, specialty_code
-- The specialties of a college's blank federal form, with the programme's name and kind.
with taught as (
    select inst_code, specialty_code from admissions
    union
    select inst_code, specialty_code from graduate_employment
)

select t.inst_code, s.specialty_code, s.name, s.kind
from taught as t
inner join specialties as s using (specialty_code)
order by t.inst_code, s.specialty_code
