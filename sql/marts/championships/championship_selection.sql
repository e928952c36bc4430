-- grain: one contestant's result in one competence at one championship, within the chosen filters
-- key: year, event, competence, participant_id
-- params: p_year := null, p_level := null, p_age_group := null, p_competence := null
-- The filters every championship figure shares: a year, a championship level, an age group and a
-- competence; an empty parameter leaves its filter out. The figures built on it count distinct
-- people and rank organizations, so they are not sums of finer rows: the filters apply first.
select *
from championship_results
where (p_year is null or year = p_year)
  and (p_level is null or level = p_level)
  and (p_age_group is null or age_group = p_age_group)
  and (p_competence is null or competence = p_competence)
