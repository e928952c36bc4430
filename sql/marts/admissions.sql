-- grain: one specialty's admission target (КЦП) and enrolment at one college in one year, by form of study and base education
-- key: year, inst_code, specialty_code, study_form, base_education
-- nullable: base_education
-- slice: inst_code, year
-- study_form: full_time | part_time | evening (очная, заочная, очно-заочная); base_education: 9 | 11,
-- empty when the college does not split its admission by base. applications, enrolled_target (of
-- enrolled, with a target-training contract) and enrolled_paid (paid places, not in enrolled) are
-- empty when the college did not report them.
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
        study_form,
        base_education,
        applications,
        enrolled_target,
        enrolled_paid,
        batch_id,
        is_demo
    from admissions
)

select * from final
