-- grain: one college's specialty and form of study in one admission year where the competition's award and the college's reported КЦП disagree, with names
-- key: admission_year, inst_code, specialty_code, study_form
-- `kcp_discrepancies` with the college's short name, the specialty's name and its УГС.
select
    d.admission_year,
    d.inst_code,
    i.short_name,
    d.specialty_code,
    s.name as specialty_name,
    s.ugs_code,
    d.study_form,
    d.awarded_places,
    d.kcp_plan,
    d.difference,
    d.kind
from kcp_discrepancies as d
left join institutions as i using (inst_code)
left join specialties as s using (specialty_code)
