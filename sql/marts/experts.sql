-- grain: one certificate of one expert in one competence (current version)
-- key: expert_id, competence, certificate
-- slice: expert_id
with experts as (
    select * from stg_experts
),

final as (
    select
        e.expert_id,
        e.full_name,
        e.inst_code,
        coalesce(e.organization, i.short_name) as organization,
        e.competence,
        e.certificate,
        e.valid_from,
        e.valid_to,
        e.valid_from <= coalesce(cast(getvariable('mart_today') as date), current_date) and e.valid_to >= coalesce(cast(getvariable('mart_today') as date), current_date) as is_valid_today,
        e.batch_id,
        e.is_demo
    from experts as e
    left join stg_institutions as i using (inst_code)
)

select * from final
