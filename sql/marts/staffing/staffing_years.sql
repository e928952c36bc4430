-- grain: one year for which the supply of graduates is known (reported or projected from admissions)
-- key: year
-- Reported: every year from the first to the latest complete graduation year (`staffing_periods`).
-- Projected: the years after it up to the last complete admission year + 3, where the cohorts of
-- both professions (NN.01.NN, graduate 3 years after admission) and specialties (NN.02.NN, 4 years)
-- are enrolled.
with periods as (
    select * from staffing_periods
),

final as (
    select
        y.year::integer as year,
        y.year > p.latest_graduation_year as is_projected,
        p.latest_graduation_year
    from periods as p
    cross join lateral (
        select unnest(range(
            p.first_graduation_year,
            greatest(p.latest_graduation_year, coalesce(p.last_admission_year + 3, p.latest_graduation_year)) + 1
        )) as year
    ) as y
    where p.latest_graduation_year is not null
)

select * from final
