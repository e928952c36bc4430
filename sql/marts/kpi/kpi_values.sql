-- grain: one KPI indicator (K1..K6) of one college (ПОО) in one year
-- key: year, inst_code, indicator_code
-- materialized: table
-- slice: year
-- The indicators of college directors' KPI (roadmap measure 8.3), methodology v1; the formulas are
-- in seed.kpi_indicators. Every college has all six rows in every year that has any data; an
-- indicator whose denominator is 0 has value 0 and has_data false. K4 and K6 are normalised by the
-- best college of the year.
with colleges as (
    select inst_code
    from institutions
    where kind = 'ПОО'
),

-- K1 and K2 of a college and year: employment_rates (level 'institution'), where the employment
-- figures of every screen are defined (per-graduate rows, or the federal form's row 01)
employment as (
    select year, inst_code, employed, available, k1, by_specialty, employed_contract, k2
    from employment_rates
    where level = 'institution'
),

exam_rows as (
    select * from demo_exams
),

admission_rows as (
    select * from admissions
),

result_rows as (
    select * from championship_results
),

certificate_rows as (
    select * from experts
),

years as (
    select year from employment
    union
    select year from exam_rows
    union
    select year from admission_rows
    union
    select year from result_rows
),

college_years as (
    select y.year, c.inst_code
    from years as y
    cross join colleges as c
),

-- K1: employed (incl. entrepreneurs and self-employed) / graduates who could work (not in the army,
-- studying or on parental leave); K2: employed by the specialty learned / employed under a contract
-- (the status «employed» only). Both rates are taken as employment_rates defines them.
k1 as (
    select
        cy.year,
        cy.inst_code,
        'K1' as indicator_code,
        coalesce(e.employed, 0) as numerator,
        coalesce(e.available, 0) as denominator,
        e.k1 as rate
    from college_years as cy
    left join employment as e using (year, inst_code)
),

k2 as (
    select
        cy.year,
        cy.inst_code,
        'K2' as indicator_code,
        coalesce(e.by_specialty, 0) as numerator,
        coalesce(e.employed_contract, 0) as denominator,
        e.k2 as rate
    from college_years as cy
    left join employment as e using (year, inst_code)
),

-- K3: demo exams passed with 4 or 5 / demo exams sat (the grade in force)
exam_quality as (
    select
        year,
        inst_code,
        count(*) filter (where grade in (4, 5)) as good,
        count(*) filter (where grade is not null) as sat
    from exam_rows
    group by year, inst_code
),

k3 as (
    select
        cy.year,
        cy.inst_code,
        'K3' as indicator_code,
        coalesce(q.good, 0) as numerator,
        coalesce(q.sat, 0) as denominator,
        null as rate
    from college_years as cy
    left join exam_quality as q using (year, inst_code)
),

-- K4: medal points at regional and national championships (national count double, corporate not
-- at all) / the best college's figure that year
medal_points as (
    select
        year,
        inst_code,
        sum(coalesce(medal_points, 0) * case when level = 'national' then 2 else 1 end) as points
    from result_rows
    where level in ('regional', 'national')
        and inst_code is not null
    group by year, inst_code
),

college_medal_points as (
    select
        cy.year,
        cy.inst_code,
        coalesce(m.points, 0) as points
    from college_years as cy
    left join medal_points as m using (year, inst_code)
),

k4 as (
    select
        year,
        inst_code,
        'K4' as indicator_code,
        points as numerator,
        max(points) over (partition by year) as denominator,
        null as rate
    from college_medal_points
),

-- K5: enrolment on budget places / admission targets (КЦП), capped at 1 below
admission_totals as (
    select
        year,
        inst_code,
        sum(enrolled) as enrolled,
        sum(kcp_plan) as kcp_plan
    from admission_rows
    group by year, inst_code
),

k5 as (
    select
        cy.year,
        cy.inst_code,
        'K5' as indicator_code,
        coalesce(a.enrolled, 0) as numerator,
        coalesce(a.kcp_plan, 0) as denominator,
        null as rate
    from college_years as cy
    left join admission_totals as a using (year, inst_code)
),

-- K6: the college's experts with a certificate valid on 31 December / the best college's figure
expert_counts as (
    select
        cy.year,
        cy.inst_code,
        count(distinct c.expert_id) as experts
    from college_years as cy
    left join certificate_rows as c
        on c.inst_code = cy.inst_code
        and c.valid_from <= make_date(cy.year, 12, 31)
        and c.valid_to >= make_date(cy.year, 12, 31)
    group by cy.year, cy.inst_code
),

k6 as (
    select
        year,
        inst_code,
        'K6' as indicator_code,
        experts as numerator,
        max(experts) over (partition by year) as denominator,
        null as rate
    from expert_counts
),

fractions as (
    select * from k1
    union all
    select * from k2
    union all
    select * from k3
    union all
    select * from k4
    union all
    select * from k5
    union all
    select * from k6
),

final as (
    select
        cast(year as integer) as year,
        inst_code,
        indicator_code,
        cast(numerator as double) as numerator,
        cast(denominator as double) as denominator,
        case
            when denominator = 0 then 0.0
            when rate is not null then rate
            when indicator_code = 'K5' then least(1.0, cast(numerator as double) / denominator)
            else cast(numerator as double) / denominator
        end as value,
        denominator > 0 as has_data
    from fractions
)

select * from final
order by year, inst_code, indicator_code
