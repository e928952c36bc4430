-- grain: one college's specialty and form of study in one admission year where the competition's award and the college's reported КЦП disagree
-- key: admission_year, inst_code, specialty_code, study_form
-- kind «differs»: both exist and differ (admissions.kcp_plan must equal awarded_places; the order may
-- have been amended, so this is listed, not rejected); kind «not_awarded»: the college reports КЦП
-- in a year whose competition results are in the mart, but the competition awarded it no places there.
with competition_years as (
    select distinct admission_year from kcp_competition
)

select
    p.admission_year,
    p.inst_code,
    p.specialty_code,
    p.study_form,
    p.awarded_places,
    p.kcp_plan,
    p.kcp_plan - coalesce(p.awarded_places, 0) as difference,
    case when p.awarded_places is null then 'not_awarded' else 'differs' end as kind
from kcp_places as p
where
    p.kcp_plan is not null
    and (
        (p.awarded_places is not null and p.awarded_places <> p.kcp_plan)
        or (
            p.awarded_places is null and p.kcp_plan > 0
            and p.admission_year in (select admission_year from competition_years)
        )
    )
