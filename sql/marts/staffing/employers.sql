-- grain: one employer or investment project that states a need for workers (current version)
-- key: employer_inn
-- slice: employer_inn
with employers as (
    select * from stg_employers
),

final as (
    select
        employer_inn,
        name,
        okved,
        split_part(okved, '.', 1) as okved_section,
        municipality,
        is_investment_project,
        project_name,
        is_toser,
        batch_id,
        is_demo
    from employers
)

select * from final
