-- grain: the need against the supply of one specialty in one year (specialty empty: the need named by УГС only), with the specialty's name
-- key: year, ugs_code, specialty_code
-- nullable: specialty_code
-- params: completion_rate := 0.8, p_level := null, p_source := null, p_municipality := null
-- `staffing_balance_specialty` at the same parameters, with the name of the specialty.
select
    b.year, b.ugs_code, b.specialty_code, s.name as specialty_name, b.need, b.graduates, b.supply, b.gap,
    b.coverage, b.is_projected
from staffing_balance_specialty_at(
    completion_rate := completion_rate, p_level := p_level, p_source := p_source, p_municipality := p_municipality
) as b
left join seed.specialties as s using (specialty_code)
