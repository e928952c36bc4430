-- grain: the budget places of one УГС's professions or specialties in one admission year, set against the need of the year those students graduate
-- key: admission_year, ugs_code, graduation_year
-- params: completion_rate := 0.8
-- Students admitted in year A graduate in A + d: d = 3 for a profession (NN.01.NN), 4 for a
-- specialty (NN.02.NN), as in the staffing balance (graduate_supply), so a УГС with both has two rows
-- per admission year. awarded: the places (kcp_cycle); projected_supply = awarded × the forecast's
-- completion rate (the default of graduate_supply, 0.8) × the share of graduates entering the labour
-- market in the latest reported graduation year of graduate_supply (1 − the excused share: army,
-- further study, parental leave); need: the staffing
-- need of the УГС in the graduation year (staffing_need; empty when the forecast does not reach that
-- year); gap_after = need − projected_supply: what is left of that year's need after these graduates
-- (other cohorts graduating the same year are not subtracted; kcp_proposal_draft does that).
-- graduate_supply and staffing_need are read twice each: once (materialized), not planned twice
with supply as materialized (
    select year, is_projected, graduates, supply from graduate_supply
),

stated_need as materialized (
    select need_year, ugs_code, headcount from staffing_need
),

places as (
    select
        c.admission_year,
        c.ugs_code,
        c.admission_year + case when substr(c.specialty_code, 4, 2) = '01' then 3 else 4 end as graduation_year,
        cast(sum(c.awarded) as bigint) as awarded
    from kcp_cycle as c
    where c.awarded is not null
    group by all
),

need as (
    select need_year, ugs_code, cast(sum(headcount) as bigint) as need
    from stated_need
    group by need_year, ugs_code
),

need_years as (
    select distinct need_year from stated_need
),

latest_actual as (
    select max(year) as year from supply where not is_projected
),

entering as (
    -- the share of a year's graduates that enters the labour market (1 − the excused share)
    select case when sum(g.graduates) > 0 then sum(g.supply) / sum(g.graduates) end as share
    from supply as g
    inner join latest_actual as l using (year)
    where not g.is_projected
),

final as (
    select
        p.admission_year,
        p.ugs_code,
        cast(p.awarded as bigint) as awarded,
        p.graduation_year,
        p.awarded * completion_rate * coalesce(e.share, 1.0) as projected_supply,
        case when y.need_year is not null then coalesce(n.need, 0) end as need
    from places as p
    cross join entering as e
    left join need as n on n.need_year = p.graduation_year and n.ugs_code = p.ugs_code
    left join need_years as y on y.need_year = p.graduation_year
)

select
    admission_year,
    ugs_code,
    awarded,
    graduation_year,
    projected_supply,
    need,
    need - projected_supply as gap_after
from final
