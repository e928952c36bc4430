-- grain: the budget places of one УГС in one admission year against the need of their graduation year, with the УГС's name
-- key: admission_year, ugs_code, graduation_year
-- `kcp_vs_need` (the stable view, at the forecast's completion rate) with the name of the УГС.
select
    v.admission_year,
    v.ugs_code,
    u.ugs_name,
    v.graduation_year,
    v.awarded,
    v.projected_supply,
    v.need,
    v.gap_after
from kcp_vs_need as v
left join seed.ugs as u using (ugs_code)
