-- grain: one specialty in the draft of next year's admission targets (the year after the latest with places awarded)
-- key: admission_year, specialty_code
-- For the coordinator's proposal (measure 2.5); nothing here is approved. Rows: the specialties with
-- places in the latest year and those proposed for next year. graduation_year = A + d (3 for a
-- profession, 4 for a specialty); need: the УГС's staffing need that year (empty beyond the
-- forecast's horizon, and for a УГС no employer has named in any year: unknown, not zero; then
-- nothing is suggested and the coordinator keeps or sets the places); earlier_supply: the projected supply that year from the УГС's places already
-- awarded in earlier admission years (kcp_vs_need); gap = need − earlier_supply. The suggestion closes
-- the gap at the forecast's completion rate and the region's share of graduates who enter the labour
-- market (kcp_vs_need): places = ⌈gap / (0.8 × that share)⌉ for the УГС and graduation year, shared
-- among its specialties by their current places (equally when none has places), each rounded up.
-- The three models read more than once here are read once each (materialized): inlined at every
-- use, their view trees made DuckDB plan the whole staffing balance five times (80 ms on an empty mart).
with cycle as materialized (
    select admission_year, specialty_code, awarded from kcp_cycle
),

vs_need as materialized (
    select * from kcp_vs_need
),

stated_need as materialized (
    select need_year, ugs_code, headcount from staffing_need
),

next_year as (
    select max(admission_year) + 1 as admission_year from cycle where awarded is not null
),

per_place as (
    -- projected graduates entering the labour market per awarded place (0.8 × entering share)
    select coalesce(sum(projected_supply) / nullif(sum(awarded), 0), 0.8) as supply_per_place
    from vs_need
),

current_places as (
    select c.specialty_code, c.awarded as current_places
    from cycle as c
    inner join next_year as n on c.admission_year = n.admission_year - 1
    where c.awarded > 0
),

proposed as (
    select p.specialty_code, cast(sum(p.places) as bigint) as proposed
    from kcp_proposals as p
    inner join next_year as n using (admission_year)
    group by p.specialty_code
),

candidates as (
    select specialty_code from current_places
    union
    select specialty_code from proposed
),

rows as (
    select
        n.admission_year,
        k.specialty_code,
        s.name as specialty_name,
        s.ugs_code,
        s.ugs_name,
        n.admission_year + case when substr(k.specialty_code, 4, 2) = '01' then 3 else 4 end as graduation_year,
        coalesce(c.current_places, 0) as current_places,
        p.proposed
    from candidates as k
    cross join next_year as n
    inner join specialties as s using (specialty_code)
    left join current_places as c using (specialty_code)
    left join proposed as p using (specialty_code)
),

need as (
    select need_year as graduation_year, ugs_code, cast(sum(headcount) as bigint) as need
    from stated_need
    group by need_year, ugs_code
),

need_years as (
    select distinct need_year as graduation_year from stated_need
),

surveyed as (
    -- a УГС no employer has ever named: its need is unknown, not zero
    select distinct ugs_code from stated_need
),

earlier as (
    select v.graduation_year, v.ugs_code, sum(v.projected_supply) as earlier_supply
    from vs_need as v
    inner join next_year as n on v.admission_year < n.admission_year
    group by v.graduation_year, v.ugs_code
),

groups as (
    select
        r.ugs_code,
        r.graduation_year,
        case when y.graduation_year is not null and v.ugs_code is not null then coalesce(n.need, 0) end as need,
        coalesce(e.earlier_supply, 0) as earlier_supply,
        cast(sum(r.current_places) as bigint) as group_places,
        count(*) as group_specialties
    from rows as r
    left join need as n using (ugs_code, graduation_year)
    left join need_years as y using (graduation_year)
    left join surveyed as v using (ugs_code)
    left join earlier as e using (ugs_code, graduation_year)
    group by all
),

final as (
    select
        r.admission_year,
        r.specialty_code,
        r.specialty_name,
        r.ugs_code,
        r.ugs_name,
        r.graduation_year,
        g.need,
        g.earlier_supply,
        g.need - g.earlier_supply as gap,
        r.current_places,
        r.proposed,
        case
            when g.need is null then null
            when g.need <= g.earlier_supply then 0
            else cast(ceil(
                ceil((g.need - g.earlier_supply) / pp.supply_per_place)
                * case
                    when g.group_places > 0 then r.current_places / g.group_places
                    else 1.0 / g.group_specialties
                end
            ) as bigint)
        end as suggested_places
    from rows as r
    inner join groups as g using (ugs_code, graduation_year)
    cross join per_place as pp
)

select * from final
