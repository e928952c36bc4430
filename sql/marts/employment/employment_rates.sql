-- grain: one selection of graduates in one graduation year: the region, a municipality, a college, a specialty (in the region, a municipality or a college)
-- key: year, level, municipality, inst_code, specialty_code
-- nullable: municipality, inst_code, specialty_code
-- materialized: table
-- The one definition of the employment figures every screen and paper shows (Обзор, Трудоустройство,
-- the council's PDF) and of K1 and K2 of the directors' KPI (kpi_values reads level 'institution'):
--   K1 = employed (incl. entrepreneurs and self-employed) / (graduates − excused: army, continuing
--        education, parental leave) — «available»;
--   K2 = employed by the specialty learned / employed under a contract (the status «employed» only);
--   retained_share = employed at the last job at least 4 months / employed under a contract;
--   other_share = graduates in the status «Иное» / graduates; above 1 in 200 (other_flag) the
--        official form asks the college for an explanation.
-- A rate whose denominator is 0 is empty. k1_prev is K1 of the same selection a year earlier,
-- k1_change the difference. level names the selection: region, municipality, institution,
-- specialty, municipality_specialty, institution_specialty (the columns outside it are empty;
-- a college's row carries its municipality). Small-cell protection is applied by the read
-- functions (mart/privacy.py) on the cells of employment_cells.
with cells as (
    select * from employment_cells
),

sums as (
    select
        year,
        case
            when grouping(specialty_code) = 0 and grouping(inst_code) = 0 then 'institution_specialty'
            when grouping(specialty_code) = 0 and grouping(municipality) = 0 then 'municipality_specialty'
            when grouping(specialty_code) = 0 then 'specialty'
            when grouping(inst_code) = 0 then 'institution'
            when grouping(municipality) = 0 then 'municipality'
            else 'region'
        end as level,
        municipality,
        inst_code,
        specialty_code,
        sum(graduates) as graduates,
        sum(employed) as employed,
        sum(excused) as excused,
        sum(employed_contract) as employed_contract,
        sum(by_specialty) as by_specialty,
        sum(retained_4m) as retained_4m,
        sum(other_status) as other_status,
        count(distinct inst_code) as institutions
    from cells
    group by grouping sets (
        (year),
        (year, municipality),
        (year, municipality, inst_code),
        (year, specialty_code),
        (year, municipality, specialty_code),
        (year, municipality, inst_code, specialty_code)
    )
),

rates as (
    select
        *,
        graduates - excused as available,
        case when graduates - excused > 0 then employed / (graduates - excused) end as k1,
        case when employed_contract > 0 then by_specialty / employed_contract end as k2,
        case when employed_contract > 0 then retained_4m / employed_contract end as retained_share,
        case when graduates > 0 then other_status / graduates end as other_share
    from sums
),

final as (
    select
        cast(r.year as integer) as year,
        r.level,
        r.municipality,
        r.inst_code,
        r.specialty_code,
        cast(r.graduates as integer) as graduates,
        cast(r.employed as integer) as employed,
        cast(r.excused as integer) as excused,
        cast(r.employed_contract as integer) as employed_contract,
        cast(r.by_specialty as integer) as by_specialty,
        cast(r.retained_4m as integer) as retained_4m,
        cast(r.other_status as integer) as other_status,
        cast(r.institutions as integer) as institutions,
        cast(r.available as integer) as available,
        cast(r.k1 as double) as k1,
        cast(r.k2 as double) as k2,
        cast(r.retained_share as double) as retained_share,
        cast(r.other_share as double) as other_share,
        coalesce(r.other_share > 1 / 200, false) as other_flag,
        cast(p.k1 as double) as k1_prev,
        cast(r.k1 - p.k1 as double) as k1_change
    from rates as r
    left join rates as p
        on p.year = r.year - 1
        and p.level = r.level
        and p.municipality is not distinct from r.municipality
        and p.inst_code is not distinct from r.inst_code
        and p.specialty_code is not distinct from r.specialty_code
)

select * from final
order by level, year, municipality, inst_code, specialty_code
