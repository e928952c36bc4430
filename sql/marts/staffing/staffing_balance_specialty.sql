-- grain: the need against the supply of one specialty in one year (specialty empty: the need named by УГС only)
-- key: year, ugs_code, specialty_code
-- nullable: specialty_code
-- params: completion_rate := 0.8, p_level := null, p_source := null, p_municipality := null
-- The drill-down under `staffing_balance`: its rows of one УГС and year add up to the УГС's row.
with need as (
    select need_year as year, ugs_code, specialty_code, sum(headcount)::double as need
    from staffing_need_at(p_level := p_level, p_source := p_source, p_municipality := p_municipality)
    group by need_year, ugs_code, specialty_code
),

supply as (
    select year, ugs_code, specialty_code, graduates, supply
    from graduate_supply_at(completion_rate := completion_rate, p_level := p_level, p_municipality := p_municipality)
),

joined as (
    select
        coalesce(n.year, s.year) as year,
        coalesce(n.ugs_code, s.ugs_code) as ugs_code,
        coalesce(n.specialty_code, s.specialty_code) as specialty_code,
        coalesce(n.need, 0) as need,
        coalesce(s.graduates, 0) as graduates,
        coalesce(s.supply, 0) as supply
    from need as n
    full outer join supply as s
        on n.year = s.year and n.ugs_code = s.ugs_code and n.specialty_code is not distinct from s.specialty_code
),

final as (
    select
        j.year,
        j.ugs_code,
        j.specialty_code,
        j.need,
        j.graduates,
        j.supply,
        j.need - j.supply as gap,
        case when j.need > 0 then j.supply / j.need end as coverage,
        y.is_projected
    from joined as j
    inner join staffing_years as y using (year)
    where j.need > 0 or j.supply > 0
)

select * from final
