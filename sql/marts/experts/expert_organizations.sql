-- grain: one organization the experts work in (a college by its short name)
-- key: organization
with identities as (
    select * from expert_identity
),

final as (
    select
        organization,
        any_value(inst_code) as inst_code
    from identities
    where organization is not null
    group by organization
)

select * from final
