-- grain: the region's one row of the years the staffing balance rests on
-- key: latest_graduation_year
-- nullable: latest_graduation_year
-- latest_graduation_year: the latest graduation year whose collection is complete (a year that not
-- every college has reported is never taken for the region's supply; it is projected instead);
-- last_admission_year: the latest complete admission year (a partial year's enrolment is not
-- projected); excused_share: excused graduates / all graduates of latest_graduation_year.
with partial as (
    select dataset, year
    from collection_status
    where not is_complete and dataset in ('graduates', 'admissions')
),

reported as (
    select
        min(graduation_year) as first_graduation_year,
        max(graduation_year) as latest_graduation_year
    from staffing_graduate_counts
    where graduation_year not in (select year from partial where dataset = 'graduates')
),

admitted as (
    select max(admission_year) as last_admission_year
    from staffing_cohorts
    where admission_year not in (select year from partial where dataset = 'admissions')
),

share as (
    select sum(c.excused) / sum(c.graduates) as excused_share
    from staffing_graduate_counts as c
    inner join reported as r on c.graduation_year = r.latest_graduation_year
),

final as (
    select r.first_graduation_year, r.latest_graduation_year, a.last_admission_year, s.excused_share
    from reported as r
    cross join admitted as a
    cross join share as s
)

select * from final
