-- grain: one contestant's result by name in one competence at one championship, within the chosen filters
-- key: year, event, competence, participant_id
-- params: p_year := null, p_level := null, p_age_group := null, p_competence := null, p_inst_code := null
-- What the list of contestants shows (roles with named_results only): who, where, score and medal.
select
    year,
    event,
    level,
    age_group,
    competence,
    participant_id,
    participant_name,
    organization,
    inst_code,
    cast(score as double) as score,
    medal,
    medal_label,
    medal_points
from championship_selection_at(
    p_year := p_year, p_level := p_level, p_age_group := p_age_group, p_competence := p_competence
)
where p_inst_code is null or inst_code = p_inst_code
