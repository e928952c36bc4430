-- grain: one year × institution × specialty × competence of demo exams, and every total over them
-- key: year, inst_code, specialty_code, competence
-- nullable: inst_code, specialty_code, competence
-- The figures of demo_exam_cube with the same cell a year earlier (good_share_prev and
-- good_share_change, empty when that year has no exams or no grades) and the names for screens.
with cube as (
    select * from demo_exam_cube
),

final as (
    select
        c.*,
        p.good_share as good_share_prev,
        c.good_share - p.good_share as good_share_change,
        i.short_name,
        s.name as specialty_name,
        k.block
    from cube as c
    left join cube as p
        on p.year = c.year - 1
        and p.inst_code is not distinct from c.inst_code
        and p.specialty_code is not distinct from c.specialty_code
        and p.competence is not distinct from c.competence
    left join institutions as i on i.inst_code = c.inst_code
    left join specialties as s on s.specialty_code = c.specialty_code
    left join competences as k on k.competence = c.competence
)

select * from final
