-- grain: one year × institution × specialty, in one competence or in all (competence empty)
-- key: year, inst_code, specialty_code, competence
-- nullable: competence
-- materialized: table
-- slice: inst_code, year
-- Students (distinct pseudonymous ids) behind the demo exam figures of a cell: the counts that
-- small-cell protection (mart.access.privacy.protect_cube) hides under 5.
with exams as (
    select * from demo_exams
),

final as (
    select
        cast(year as integer) as year,
        inst_code,
        specialty_code,
        competence,
        cast(count(distinct student_id) as integer) as students
    from exams
    group by year, inst_code, specialty_code, grouping sets ((competence), ())
)

select * from final
