-- grain: one organization the rated experts work in (a college by its short name)
-- key: organization
with rated as (
    select * from expert_rating
),

final as (
    select
        organization,
        any_value(inst_code) as inst_code
    from rated
    where organization is not null
    group by organization
)

select * from final
