-- grain: the need against the supply of one УГС in one year, with the УГС's name (what the page and the council's pack show)
-- key: year, ugs_code
-- params: completion_rate := 0.8, p_level := null, p_source := null, p_municipality := null
-- `staffing_balance` at the same parameters, with the name of the УГС from the reference.
select b.year, b.ugs_code, u.ugs_name, b.need, b.supply, b.gap, b.coverage, b.is_projected
from staffing_balance_at(
    completion_rate := completion_rate, p_level := p_level, p_source := p_source, p_municipality := p_municipality
) as b
left join seed.ugs as u using (ugs_code)
