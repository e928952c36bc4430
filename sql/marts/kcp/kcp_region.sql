-- grain: the region's admission-target cycle in one admission year
-- key: admission_year
-- Sums of kcp_cycle; competition, fulfilment (over the places of colleges that have reported their
-- admission), target_share as in kcp_cycle_ugs. colleges_awarded:
-- colleges with places (awarded > 0); colleges_reported: those of them that have reported their
-- admission of the year (a year where some have not is partial and is labelled so); unfilled: Σ of
-- places left empty at a college in a specialty (awarded − enrolled where enrolment fell short).
with cycle as (
    select
        admission_year,
        cast(sum(proposed) as bigint) as proposed,
        cast(sum(approved) as bigint) as approved,
        cast(sum(bid) as bigint) as bid,
        cast(sum(awarded) as bigint) as awarded,
        cast(sum(applications) as bigint) as applications,
        cast(sum(enrolled) as bigint) as enrolled,
        cast(sum(enrolled_target) as bigint) as enrolled_target
    from kcp_cycle
    group by admission_year
),

colleges as (
    select
        admission_year,
        count(distinct inst_code) filter (where awarded > 0) as colleges_awarded,
        count(distinct inst_code) filter (where awarded > 0 and admission_reported) as colleges_reported,
        cast(sum(awarded) filter (where admission_reported) as bigint) as awarded_reported,
        cast(sum(enrolled_paid) as bigint) as enrolled_paid,
        cast(sum(greatest(unfilled, 0)) as bigint) as unfilled
    from kcp_college_detail
    group by admission_year
)

select
    c.admission_year,
    c.proposed,
    c.approved,
    c.bid,
    c.awarded,
    c.applications,
    case when g.awarded_reported > 0 then c.applications / g.awarded_reported end as competition,
    c.enrolled,
    case when g.awarded_reported > 0 then c.enrolled / g.awarded_reported end as fulfilment,
    c.enrolled_target,
    case when c.enrolled > 0 then c.enrolled_target / c.enrolled end as target_share,
    g.enrolled_paid,
    g.unfilled,
    coalesce(g.colleges_awarded, 0) as colleges_awarded,
    coalesce(g.colleges_reported, 0) as colleges_reported
from cycle as c
left join colleges as g using (admission_year)
