-- grain: one employer's answer that counts in the need (its latest survey per source): a profession's headcount for one year
-- key: survey_year, employer_inn, source, profession_name, level, need_year
-- The rows behind `staffing_need` (measure 2.1), as the council reads them: who asked for how many
-- workers of which profession, in which year, with the target contracts and salary offered.
select
    employer_name, employer_inn, municipality, okved, is_investment_project, project_name, source,
    survey_year, need_year, ugs_code, profession_name, okpdtr_code, specialty_code, level, headcount,
    target_contract, salary_rub, is_demo
from employer_needs
where counts_in_need
