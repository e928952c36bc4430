-- grain: the graduates of one specialty in one year who enter the labour market (reported, or projected from admissions)
-- key: year, specialty_code
-- params: completion_rate := 0.8, p_level := null, p_municipality := null
-- Rules (measure 2.2):
--   reported years (up to the latest graduation year in `graduates` whose collection is complete,
--   see `collection_status`; a partial year is projected like the later ones): supply = graduates − the
--   excused group (army by conscription or contract, continuing education, parental leave);
--   later years are projected from admissions (complete admission years only): enrolled in year A
--   graduate in A + d, d = 4 for a
--   specialty (NN.02.NN) and 3 for a profession (NN.01.NN); graduates = enrolled × completion_rate;
--   supply = graduates × (1 − the region's excused share of the latest graduation year).
-- Optional filters: level (worker = NN.01.NN, specialist = NN.02.NN) and the college's municipality.
with region as (
    -- the latest graduation year whose collection is complete (reporting periods): a year that not
    -- every college has reported is never taken for the region's supply; it is projected instead
    select
        max(graduation_year) as latest_year
    from graduates as g
    where not exists (
        select 1 from collection_status as c
        where c.dataset = 'graduates' and c.year = g.graduation_year and not c.is_complete
    )
),

admitted as (
    -- the latest admission year whose collection is complete: a partial year's enrolment is not projected
    select max(year) as last_year
    from admissions as a
    where not exists (
        select 1 from collection_status as c
        where c.dataset = 'admissions' and c.year = a.year and not c.is_complete
    )
),

latest_share as (
    select
        count(*) filter (where g.status_group = 'excused') / count(*) as excused_share
    from graduates as g
    inner join region as r on g.graduation_year = r.latest_year
),

scoped_graduates as (
    select g.*
    from graduates as g
    inner join institutions as i using (inst_code)
    where (p_municipality is null or i.municipality = p_municipality)
      and (p_level is null or substr(g.specialty_code, 4, 2) = case p_level when 'worker' then '01' else '02' end)
),

reported as (
    select
        graduation_year as year,
        specialty_code,
        count(*)::double as graduates,
        (count(*) - count(*) filter (where status_group = 'excused'))::double as supply,
        false as is_projected
    from scoped_graduates
    where graduation_year <= (select latest_year from region)
    group by graduation_year, specialty_code
),

cohorts as (
    select
        a.year + case substr(a.specialty_code, 4, 2) when '02' then 4 else 3 end as year,
        a.specialty_code,
        a.enrolled
    from admissions as a
    inner join institutions as i using (inst_code)
    where a.year <= (select last_year from admitted)
      and (p_municipality is null or i.municipality = p_municipality)
      and (p_level is null or substr(a.specialty_code, 4, 2) = case p_level when 'worker' then '01' else '02' end)
),

projected as (
    select
        c.year,
        c.specialty_code,
        sum(c.enrolled) * completion_rate::double as graduates,
        sum(c.enrolled) * completion_rate::double * (1 - s.excused_share) as supply,
        true as is_projected
    from cohorts as c
    cross join region as r
    cross join latest_share as s
    where c.year > r.latest_year
    group by c.year, c.specialty_code, s.excused_share
),

final as (
    select
        u.year::integer as year,
        sp.ugs_code,
        u.specialty_code,
        u.graduates,
        u.supply,
        u.is_projected
    from (select * from reported union all select * from projected) as u
    inner join seed.specialties as sp using (specialty_code)
)

select * from final
