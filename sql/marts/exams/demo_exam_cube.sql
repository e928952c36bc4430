-- grain: one year × institution × specialty × competence of demo exams, and every total over them
-- key: year, inst_code, specialty_code, competence
-- nullable: inst_code, specialty_code, competence
-- materialized: table
-- slice: year
-- The counts behind every demo exam figure, by year and by each combination of institution,
-- specialty and competence (an empty one is the total over it: a cube; every exam names all
-- three, so an empty value is always a total). The grade in force is demo_exams.grade.
--   exams: exams sat (one student in one competence); grade_2 … grade_5; graded: with a grade;
--   scored: with a score; credited: championship results credited as the exam;
--   good = grades 4 and 5; good_share = good / graded (K3 of the directors' KPI);
--   avg_score = the mean score_pct over exams with a score (credited results without one are out).
with exams as (
    select * from demo_exams
),

counts as (
    select
        cast(year as integer) as year,
        inst_code,
        specialty_code,
        competence,
        cast(count(*) as integer) as exams,
        cast(count(*) filter (where grade = 2) as integer) as grade_2,
        cast(count(*) filter (where grade = 3) as integer) as grade_3,
        cast(count(*) filter (where grade = 4) as integer) as grade_4,
        cast(count(*) filter (where grade = 5) as integer) as grade_5,
        cast(count(grade) as integer) as graded,
        cast(count(score_pct) as integer) as scored,
        cast(count(*) filter (where credited) as integer) as credited,
        cast(coalesce(sum(score_pct), 0) as double) as score_sum
    from exams
    group by year, cube (inst_code, specialty_code, competence)
),

final as (
    select
        year,
        inst_code,
        specialty_code,
        competence,
        exams,
        grade_2,
        grade_3,
        grade_4,
        grade_5,
        graded,
        scored,
        credited,
        grade_4 + grade_5 as good,
        case when graded > 0 then (grade_4 + grade_5) / graded end as good_share,
        case when scored > 0 then score_sum / scored end as avg_score
    from counts
)

select * from final
