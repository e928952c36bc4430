-- grain: one УГС's admission-target cycle in one admission year (the regional totals the public sees)
-- key: admission_year, ugs_code
-- Sums of kcp_cycle over the УГС's specialties; competition, fulfilment as there (over the places of
-- colleges that have reported their admission); target_share =
-- enrolled_target / enrolled (empty when nobody was enrolled); unfilled: Σ of places left empty at a
-- college in a specialty (awarded − enrolled where enrolment fell short; as in kcp_region); ugs_name:
-- the УГС's name.
with by_ugs as (
    select
        admission_year,
        ugs_code,
        cast(sum(proposed) as bigint) as proposed,
        cast(sum(approved) as bigint) as approved,
        cast(sum(bid) as bigint) as bid,
        cast(sum(awarded) as bigint) as awarded,
        cast(sum(applications) as bigint) as applications,
        cast(sum(enrolled) as bigint) as enrolled,
        cast(sum(enrolled_target) as bigint) as enrolled_target
    from kcp_cycle
    group by admission_year, ugs_code
),

reported as (
    -- the places of colleges that have reported their admission, the denominator of competition and
    -- fulfilment (as in kcp_cycle), and the places they left empty
    select
        admission_year,
        ugs_code,
        cast(sum(awarded) filter (where admission_reported) as bigint) as awarded_reported,
        cast(sum(greatest(unfilled, 0)) as bigint) as unfilled
    from kcp_college_detail
    where ugs_code is not null
    group by admission_year, ugs_code
)

select
    b.admission_year,
    b.ugs_code,
    g.ugs_name,
    proposed,
    approved,
    bid,
    awarded,
    applications,
    case when u.awarded_reported > 0 then applications / u.awarded_reported end as competition,
    enrolled,
    case when u.awarded_reported > 0 then enrolled / u.awarded_reported end as fulfilment,
    enrolled_target,
    case when enrolled > 0 then enrolled_target / enrolled end as target_share,
    u.unfilled
from by_ugs as b
left join reported as u using (admission_year, ugs_code)
left join seed.ugs as g on b.ugs_code = g.ugs_code
