-- grain: one student's demo exam in one competence and year (person-level data)
-- key: year, inst_code, student_id, competence
-- The rows behind the figures, with the specialty's name, for the viewers mart.access.privacy allows.
with exams as (
    select * from demo_exams
),

final as (
    select
        e.year,
        e.inst_code,
        e.specialty_code,
        s.name as specialty_name,
        e.competence,
        e.student_id,
        e.score_pct,
        e.grade_given,
        e.credited,
        e.grade
    from exams as e
    left join specialties as s using (specialty_code)
)

select * from final
