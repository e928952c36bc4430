-- grain: one grade in force (2–5) in one year × institution × specialty × competence, or a total
-- key: year, inst_code, specialty_code, competence, grade
-- nullable: inst_code, specialty_code, competence
-- The grade distribution: exams with the grade and their share of the exams graded that year in
-- the cell (demo_exam_cube), with the grade's name (seed.demo_exam_grades).
with cube as (
    select * from demo_exam_cube
),

grades as (
    select * from seed.demo_exam_grades
),

long as (
    select year, inst_code, specialty_code, competence, graded, 2 as grade, grade_2 as exams from cube
    union all
    select year, inst_code, specialty_code, competence, graded, 3 as grade, grade_3 as exams from cube
    union all
    select year, inst_code, specialty_code, competence, graded, 4 as grade, grade_4 as exams from cube
    union all
    select year, inst_code, specialty_code, competence, graded, 5 as grade, grade_5 as exams from cube
),

final as (
    select
        l.year,
        l.inst_code,
        l.specialty_code,
        l.competence,
        cast(l.grade as integer) as grade,
        g.label_ru as grade_label,
        l.exams,
        case when l.graded > 0 then l.exams / l.graded end as share
    from long as l
    left join grades as g on cast(g.grade as integer) = l.grade
)

select * from final
