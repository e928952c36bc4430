-- grain: one college's bid and award in the public competition for admission targets (КЦП, measure 2.7) in a specialty, form of study and admission year
-- key: admission_year, inst_code, specialty_code, study_form
select admission_year, inst_code, specialty_code, study_form, bid_places, score, awarded_places, batch_id, is_demo
from stg_kcp_competition
