-- grain: one selection of graduates in one graduation year (as employment_rates), with K1 a year before
-- key: year, level, municipality, inst_code, specialty_code
-- nullable: municipality, inst_code, specialty_code
-- employment_rates with k1_prev (K1 of the same selection in the graduation year before; empty when
-- it had no graduates then) and k1_change = k1 − k1_prev: what «Трудоустройство» shows. Kept apart
-- from employment_rates, which is stored and refreshed by year: a year's rows here read the year before.
with rates as (
    select * from employment_rates
)

select
    r.*,
    p.k1 as k1_prev,
    r.k1 - p.k1 as k1_change
from rates as r
left join rates as p
    on p.year = r.year - 1
    and p.level = r.level
    and p.municipality is not distinct from r.municipality
    and p.inst_code is not distinct from r.inst_code
    and p.specialty_code is not distinct from r.specialty_code
