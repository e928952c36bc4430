-- grain: one competence of one specialty of one institution with demo exams, and every total
-- key: inst_code, specialty_code, competence
-- nullable: inst_code, specialty_code, competence
-- The filter options of the «Демоэкзамен» page: the institutions, specialties and competences with
-- demo exams, in any year, with their names (an empty value: all of them).
with exams as (
    select * from demo_exams
),

present as (
    select inst_code, specialty_code, competence
    from exams
    group by cube (inst_code, specialty_code, competence)
),

final as (
    select
        p.inst_code,
        p.specialty_code,
        p.competence,
        i.short_name,
        i.municipality,
        s.name as specialty_name,
        k.block
    from present as p
    left join institutions as i on i.inst_code = p.inst_code
    left join specialties as s on s.specialty_code = p.specialty_code
    left join competences as k on k.competence = p.competence
)

select * from final
