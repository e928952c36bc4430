-- grain: one specialty at one college in one admission year (all forms of study): bid, award, applications, enrolment
-- key: admission_year, inst_code, specialty_code
-- The shared sums of `kcp_places` by college and specialty that the cycle, the УГС and the region
-- add up (one grouping of kcp_places for all of them), with the names the page shows.
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
        p.admission_year,
        p.inst_code,
        i.short_name,
        i.municipality,
        p.specialty_code,
        s.name as specialty_name,
        s.ugs_code,
        p.bid,
        p.awarded,
        p.applications,
        case when p.awarded > 0 then p.applications / p.awarded end as competition,
        p.enrolled,
        case when p.awarded > 0 then p.enrolled / p.awarded end as fulfilment,
        p.enrolled_target,
        case when p.enrolled > 0 then p.enrolled_target / p.enrolled end as target_share,
        p.enrolled_paid,
        case when p.admission_reported then p.awarded - p.enrolled end as unfilled,
        p.admission_reported,
        p.awarded_by_competition
    from places as p
    left join institutions as i using (inst_code)
    left join specialties as s using (specialty_code)
)

select * from final
