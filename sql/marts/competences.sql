-- grain: one WorldSkills Russia competence
-- key: competence
with competences as (
    select * from seed.competences
),

final as (
    select
        competence,
        block,
        competence_code,
        source
    from competences
)

select * from final
order by block, competence
