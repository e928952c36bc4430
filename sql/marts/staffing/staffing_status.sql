-- grain: the region's one row of what the staffing balance rests on (employers, answers, survey, graduation and admission years)
-- key: employers
-- employers and projects (investment projects among them); answers, and those that count in the need
-- (each employer's latest survey per source); the survey years; the latest graduation year with
-- graduates and the latest admission year with admissions (any, complete or not); the years of the
-- balance (`staffing_years`); employers_demo: the employers are the fictional demo region's.
select
    (select count(*) from employers) as employers,
    (select count(*) from employers where is_investment_project) as projects,
    (select count(*) from employer_needs) as answers,
    (select count(*) from employer_needs where counts_in_need) as answers_counted,
    (select min(survey_year) from employer_needs) as first_survey,
    (select max(survey_year) from employer_needs) as last_survey,
    (select max(graduation_year) from graduates) as latest_graduation_year,
    (select max(year) from admissions) as last_admission_year,
    y.first_year,
    y.last_year,
    (select coalesce(bool_or(is_demo), false) from employers) as employers_demo
from (select min(year) as first_year, max(year) as last_year from staffing_years) as y  -- read once
