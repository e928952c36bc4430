-- grain: one specialty at one college in one admission year (all forms of study)
-- key: admission_year, inst_code, specialty_code
-- The stable view for analysts: competition = applications / awarded, fulfilment = enrolled / awarded
-- (empty when awarded is 0); awarded is the competition's award, else the college's КЦП (kcp_places).
select admission_year, inst_code, specialty_code, awarded, applications, competition, enrolled, fulfilment
from kcp_college_detail
