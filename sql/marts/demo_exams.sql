-- grain: one student's demo exam in one competence and year (current version; person-level data)
-- key: year, inst_code, student_id, competence
-- slice: inst_code, year
-- The grade in force is the one given, or else derived from score_pct by the official scale
-- (seed.demo_exam_grades); a credited championship result is a 5.
with exams as (
    select * from stg_demo_exams
),

scale as (
    select * from seed.demo_exam_grades
),

final as (
    select
        e.year,
        e.inst_code,
        e.specialty_code,
        e.competence,
        e.student_id,
        e.score_pct,
        e.grade as grade_given,
        coalesce(e.credited, false) as credited,
        case
            when coalesce(e.credited, false) then 5
            when e.grade is not null then e.grade
            else s.grade
        end as grade,
        e.batch_id,
        e.is_demo
    from exams as e
    left join scale as s on round(e.score_pct, 2) between s.min_pct and s.max_pct
)

select * from final
