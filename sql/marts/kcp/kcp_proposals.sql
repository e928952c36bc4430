-- grain: one proposal of admission targets (КЦП, measure 2.5) for a specialty and admission year by one proposer
-- key: admission_year, specialty_code, proposed_by
-- proposed_by is free text: an employer's ИНН (not necessarily a known employer) or a ministry's name.
select admission_year, specialty_code, proposed_by, places, justification, batch_id, is_demo
from stg_kcp_proposals
