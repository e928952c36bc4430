-- grain: one graduate of one college and graduation year (current version; person-level data)
-- key: inst_code, graduation_year, graduate_id
-- slice: inst_code, graduation_year as year
with graduates as (
    select * from stg_graduates
),

final as (
    select
        g.inst_code,
        g.graduation_year,
        g.specialty_code,
        g.graduate_id,
        g.status,
        s.label_ru as status_label,
        s.status_group,
        g.by_specialty,
        g.retained_4m,
        g.status_date,
        g.health_limitations,
        g.disability,
        g.disability_kind,
        g.target_contract,
        g.abilympics,
        g.batch_id,
        g.is_demo
    from graduates as g
    left join seed.employment_statuses as s on s.status_code = g.status
)

select * from final
