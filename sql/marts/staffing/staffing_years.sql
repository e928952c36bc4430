-- grain: one year for which the supply of graduates is known (reported or projected from admissions)
-- key: year
-- Reported: every year from the first to the latest complete graduation year in `graduates`
-- (a year whose collection is still partial is projected). Projected:
-- the years after it up to the last admission year + 3, where the cohorts of both professions
-- (NN.01.NN, graduate 3 years after admission) and specialties (NN.02.NN, 4 years) are enrolled.
with reported as (
    -- the latest complete graduation year, as in `graduate_supply`
    select min(graduation_year) as first_year, max(graduation_year) as latest_year
    from graduates as g
    where not exists (
        select 1 from collection_status as c
        where c.dataset = 'graduates' and c.year = g.graduation_year and not c.is_complete
    )
),

admitted as (
    -- the latest complete admission year, as in `graduate_supply`
    select max(year) as last_admission_year
    from admissions as a
    where not exists (
        select 1 from collection_status as c
        where c.dataset = 'admissions' and c.year = a.year and not c.is_complete
    )
),

final as (
    select
        y.year::integer as year,
        y.year > r.latest_year as is_projected,
        r.latest_year as latest_graduation_year
    from reported as r
    cross join admitted as a
    cross join lateral (
        select unnest(range(r.first_year, greatest(r.latest_year, coalesce(a.last_admission_year + 3, r.latest_year)) + 1)) as year
    ) as y
    where r.latest_year is not null
)

select * from final
