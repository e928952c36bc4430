-- grain: one specialty at one college in one admission year (all forms of study): bid, award, applications, enrolment
-- key: admission_year, inst_code, specialty_code
-- competition = applications / awarded, fulfilment = enrolled / awarded, target_share = enrolled_target /
-- enrolled (empty when the denominator is 0 or not reported); unfilled = awarded − enrolled when the
-- college has reported its admission (negative when it enrolled above its places).
with places as (
    select
        admission_year,
        inst_code,
        specialty_code,
        cast(sum(bid_places) as bigint) as bid,
        cast(sum(awarded) as bigint) as awarded,
        cast(sum(applications) as bigint) as applications,
        cast(sum(enrolled) as bigint) as enrolled,
        cast(sum(enrolled_target) as bigint) as enrolled_target,
        cast(sum(enrolled_paid) as bigint) as enrolled_paid,
        bool_or(admission_reported) as admission_reported,
        bool_and(awarded_source = 'competition') as awarded_by_competition
    from kcp_places
    group by admission_year, inst_code, specialty_code
),

final as (
    select
        admission_year,
        inst_code,
        specialty_code,
        bid,
        awarded,
        applications,
        case when awarded > 0 then applications / awarded end as competition,
        enrolled,
        case when awarded > 0 then enrolled / awarded end as fulfilment,
        enrolled_target,
        case when enrolled > 0 then enrolled_target / enrolled end as target_share,
        enrolled_paid,
        case when admission_reported then awarded - enrolled end as unfilled,
        admission_reported,
        awarded_by_competition
    from places
)

select * from final
