-- grain: the need for workers against the supply of graduates of one УГС in one year
-- key: year, ugs_code
-- params: completion_rate := 0.8, p_level := null, p_source := null, p_municipality := null
-- Rules (measure 2.2): need rows given by УГС only count in their УГС, rows by specialty count in
-- the specialty's УГС; gap = need − supply; coverage = supply / need (empty when need is 0).
-- Years: those of `staffing_years` (supply known); is_projected marks the projected ones.
-- Filters: level (both sides), municipality (employer's / college's), source (need only).
with need as (
    select need_year as year, ugs_code, sum(headcount)::double as need
    from staffing_need_at(p_level := p_level, p_source := p_source, p_municipality := p_municipality)
    group by need_year, ugs_code
),

supply as (
    select year, ugs_code, sum(supply order by specialty_code) as supply  -- a fixed order: the same bits every run
    from graduate_supply_at(completion_rate := completion_rate, p_level := p_level, p_municipality := p_municipality)
    group by year, ugs_code
),

joined as (
    select
        coalesce(n.year, s.year) as year,
        coalesce(n.ugs_code, s.ugs_code) as ugs_code,
        coalesce(n.need, 0) as need,
        coalesce(s.supply, 0) as supply
    from need as n
    full outer join supply as s using (year, ugs_code)
),

final as (
    select
        j.year,
        j.ugs_code,
        j.need,
        j.supply,
        j.need - j.supply as gap,
        case when j.need > 0 then j.supply / j.need end as coverage,
        y.is_projected
    from joined as j
    inner join staffing_years as y using (year)
    where j.need > 0 or j.supply > 0
)

select * from final
