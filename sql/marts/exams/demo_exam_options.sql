-- grain: one competence of one specialty of one institution with demo exams, and every total
-- key: inst_code, specialty_code, competence
-- nullable: inst_code, specialty_code, competence
-- The filter options of the «Демоэкзамен» page: the institutions, specialties and competences with
-- demo exams, in any year, with their names (an empty value: all of them). The cube has every
-- combination of them (and of their totals) that some year's exams have: over the years, that is
-- the cube of every exam, read from 3.7 million stored rows instead of 2.3 million exams.
with cells as (
    select * from demo_exam_cube
),

present as (
    select distinct inst_code, specialty_code, competence
    from cells
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
