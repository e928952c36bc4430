-- grain: one specialty's admission-target cycle (proposals → approved → bids → awarded → admission) in one admission year, all forms of study
-- key: admission_year, specialty_code
-- proposed: Σ proposals (measure 2.5); approved: Σ approved totals (2.6); bid and awarded: Σ over the
-- colleges (2.7; awarded as in kcp_places, summed by college in kcp_college_detail); applications, enrolled, enrolled_target: Σ of the colleges'
-- admissions. competition = applications / awarded, fulfilment = enrolled / awarded (empty when awarded is 0),
-- both over the places of the colleges that have reported their admission of the year: in a complete
-- year that is every awarded place; in a partial one a late college's places, whose enrolment is not
-- known yet, are left out of both sides instead of counting as empty places.
with proposals as (
    select admission_year, specialty_code, cast(sum(places) as bigint) as proposed
    from kcp_proposals
    group by admission_year, specialty_code
),

totals as (
    select admission_year, specialty_code, cast(sum(places) as bigint) as approved
    from kcp_totals
    group by admission_year, specialty_code
),

places as (
    -- the colleges' sums (kcp_college_detail), added up by specialty
    select
        admission_year,
        specialty_code,
        cast(sum(bid) as bigint) as bid,
        cast(sum(awarded) as bigint) as awarded,
        cast(sum(awarded) filter (where admission_reported) as bigint) as awarded_reported,
        cast(sum(applications) as bigint) as applications,
        cast(sum(enrolled) as bigint) as enrolled,
        cast(sum(enrolled_target) as bigint) as enrolled_target
    from kcp_college_detail
    group by admission_year, specialty_code
),

cycle_keys as (
    select admission_year, specialty_code from proposals
    union
    select admission_year, specialty_code from totals
    union
    select admission_year, specialty_code from places
),

final as (
    select
        k.admission_year,
        k.specialty_code,
        s.ugs_code,
        p.proposed,
        t.approved,
        c.bid,
        c.awarded,
        c.applications,
        case when c.awarded_reported > 0 then c.applications / c.awarded_reported end as competition,
        c.enrolled,
        c.enrolled_target,
        case when c.awarded_reported > 0 then c.enrolled / c.awarded_reported end as fulfilment
    from cycle_keys as k
    left join proposals as p using (admission_year, specialty_code)
    left join totals as t using (admission_year, specialty_code)
    left join places as c using (admission_year, specialty_code)
    left join specialties as s using (specialty_code)
)

select * from final
