-- grain: the budget places of one specialty and form of study at one college in one admission year, and what the admission made of them
-- key: admission_year, inst_code, specialty_code, study_form
-- The one definition of «awarded»: the competition's awarded_places where the mart has that result,
-- else the college's own admissions.kcp_plan (summed over base education). awarded_source says which.
-- admission_reported: the college has reported its admission of that year (admissions rows exist).
with competition as (
    select admission_year, inst_code, specialty_code, study_form, bid_places, score, awarded_places
    from kcp_competition
),

admitted as (
    select
        year as admission_year,
        inst_code,
        specialty_code,
        study_form,
        cast(sum(kcp_plan) as bigint) as kcp_plan,
        cast(sum(enrolled) as bigint) as enrolled,
        cast(sum(applications) as bigint) as applications,
        cast(sum(enrolled_target) as bigint) as enrolled_target,
        cast(sum(enrolled_paid) as bigint) as enrolled_paid
    from admissions
    group by year, inst_code, specialty_code, study_form
),

joined as (
    select *
    from competition
    full outer join admitted using (admission_year, inst_code, specialty_code, study_form)
),

final as (
    select
        admission_year,
        inst_code,
        specialty_code,
        study_form,
        bid_places,
        score,
        awarded_places,
        kcp_plan,
        coalesce(awarded_places, kcp_plan) as awarded,
        case when awarded_places is not null then 'competition' else 'college_plan' end as awarded_source,
        applications,
        enrolled,
        enrolled_target,
        enrolled_paid,
        kcp_plan is not null as admission_reported
    from joined
)

select * from final
