-- grain: one grade in force (2–5) in one year of the cell of demo_exam_cube chosen by the parameters
-- key: year, inst_code, specialty_code, competence, grade
-- nullable: inst_code, specialty_code, competence
-- params: p_inst_code := null, p_specialty_code := null, p_competence := null
-- The grade distribution of one selection (an empty parameter is the total over that dimension, as
-- in the cube; by default the region's): exams with the grade and their share of the exams graded
-- that year in the cell, with the grade's name (seed.demo_exam_grades). One cell at a time: over
-- the whole cube it would be four rows per cell (15 million at national scale) that nobody reads.
with cube as (
    select *
    from demo_exam_cube
    where
        inst_code is not distinct from p_inst_code
        and specialty_code is not distinct from p_specialty_code
        and competence is not distinct from p_competence
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
