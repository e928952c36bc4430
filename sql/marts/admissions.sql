-- grain: one specialty's admission target (КЦП) and enrolment at one college in one year
-- key: year, inst_code, specialty_code
with admissions as (
    select * from stg_admissions
),

final as (
    select
        year,
        inst_code,
        specialty_code,
        kcp_plan,
        enrolled,
        case when kcp_plan > 0 then enrolled / kcp_plan end as fill_rate,
        batch_id,
        is_demo
    from admissions
)

select * from final
