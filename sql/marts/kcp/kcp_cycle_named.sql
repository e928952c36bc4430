-- grain: one specialty's admission-target cycle in one admission year, with the specialty's name (what the page shows)
-- key: admission_year, specialty_code
-- `kcp_cycle` (the stable view) with the name of the profession or specialty.
select
    c.admission_year,
    c.specialty_code,
    s.name as specialty_name,
    c.ugs_code,
    c.proposed,
    c.approved,
    c.bid,
    c.awarded,
    c.applications,
    c.competition,
    c.enrolled,
    c.fulfilment,
    c.enrolled_target
from kcp_cycle as c
left join specialties as s using (specialty_code)
