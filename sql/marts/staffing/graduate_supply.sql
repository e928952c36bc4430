-- grain: the graduates of one specialty in one year who enter the labour market (reported, or projected from admissions)
-- key: year, specialty_code
-- params: completion_rate := 0.8, p_level := null, p_municipality := null
-- Rules (measure 2.2):
--   reported years (up to the latest complete graduation year, `staffing_periods`; a year whose
--   collection is still partial is projected like the later ones): supply = graduates − the excused
--   group (army by conscription or contract, continuing education, parental leave);
--   later years are projected from admissions of complete admission years (`staffing_cohorts`):
--   enrolled in year A graduate in A + d, d = 4 for a specialty (NN.02.NN) and 3 for a profession
--   (NN.01.NN); graduates = enrolled × completion_rate; supply = graduates × (1 − the region's
--   excused share of the latest graduation year).
-- Optional filters: level (worker = NN.01.NN, specialist = NN.02.NN) and the college's municipality.
with periods as (
    select * from staffing_periods
),

reported as (
    select
        c.graduation_year as year,
        c.specialty_code,
        sum(c.graduates)::double as graduates,
        (sum(c.graduates) - sum(c.excused))::double as supply,
        false as is_projected
    from staffing_graduate_counts as c
    cross join periods as p
    where c.graduation_year <= p.latest_graduation_year
      and (p_municipality is null or c.municipality = p_municipality)
      and (p_level is null or substr(c.specialty_code, 4, 2) = case p_level when 'worker' then '01' else '02' end)
    group by c.graduation_year, c.specialty_code
),

projected as (
    select
        c.graduation_year as year,
        c.specialty_code,
        sum(c.enrolled) * completion_rate::double as graduates,
        sum(c.enrolled) * completion_rate::double * (1 - p.excused_share) as supply,
        true as is_projected
    from staffing_cohorts as c
    cross join periods as p
    where c.graduation_year > p.latest_graduation_year
      and c.admission_year <= p.last_admission_year
      and (p_municipality is null or c.municipality = p_municipality)
      and (p_level is null or substr(c.specialty_code, 4, 2) = case p_level when 'worker' then '01' else '02' end)
    group by c.graduation_year, c.specialty_code, p.excused_share
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
