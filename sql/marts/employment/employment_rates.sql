-- grain: one selection of graduates in one graduation year: the region, a municipality, a college, a specialty (in the region, a municipality or a college)
-- key: year, level, municipality, inst_code, specialty_code
-- nullable: municipality, inst_code, specialty_code
-- materialized: table
-- slice: year
-- The one definition of the employment figures every screen and paper shows (Обзор, Трудоустройство,
-- the council's PDF) and of K1 and K2 of the directors' KPI (kpi_values reads level 'institution'):
--   K1 = employed (incl. entrepreneurs and self-employed) / (graduates − excused: army, continuing
--        education, parental leave) — «available»;
--   K2 = employed by the specialty learned / employed under a contract (the status «employed» only);
--   retained_share = employed at the last job at least 4 months / employed under a contract;
--   other_share = graduates in the status «Иное» / graduates; above 1 in 200 (other_flag) the
--        official form asks the college for an explanation.
-- A rate whose denominator is 0 is empty (K1 of a year before: employment_rate_changes). level names the selection: region, municipality, institution,
-- specialty, municipality_specialty, institution_specialty (the columns outside it are empty;
-- a college's row carries its municipality). Small-cell protection is applied by the read
-- functions (mart/access/privacy.py) on the cells of employment_cells.
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
        cast(year as integer) as year,
        level,
        municipality,
        inst_code,
        specialty_code,
        cast(graduates as integer) as graduates,
        cast(employed as integer) as employed,
        cast(excused as integer) as excused,
        cast(employed_contract as integer) as employed_contract,
        cast(by_specialty as integer) as by_specialty,
        cast(retained_4m as integer) as retained_4m,
        cast(other_status as integer) as other_status,
        cast(institutions as integer) as institutions,
        cast(available as integer) as available,
        cast(k1 as double) as k1,
        cast(k2 as double) as k2,
        cast(retained_share as double) as retained_share,
        cast(other_share as double) as other_share,
        coalesce(other_share > 1 / 200, false) as other_flag
    from rates
)

select * from final
order by level, year, municipality, inst_code, specialty_code
