-- grain: the approved admission targets (КЦП, measure 2.6) of one specialty and form of study in one admission year
-- key: admission_year, specialty_code, study_form
select admission_year, specialty_code, study_form, places, order_ref, batch_id, is_demo
from stg_kcp_totals
