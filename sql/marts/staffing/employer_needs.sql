-- grain: one current answer of an employer's survey, or one announced need of an investment project
-- key: survey_year, employer_inn, source, profession_name, level, need_year
-- materialized: table
-- slice: employer_inn
-- Rule (measure 2.1): for each employer and source only its latest survey year counts; a newer
-- survey replaces the employer's older answers (they stay here with counts_in_need = false).
-- ugs_code is the one given, or the specialty's УГС when only the specialty is given.
with needs as (
    select * from stg_employer_needs
),

latest as (
    select employer_inn, source, max(survey_year) as latest_survey_year
    from needs
    group by employer_inn, source
),

final as (
    select
        n.survey_year,
        n.employer_inn,
        e.name as employer_name,
        e.okved,
        e.municipality,
        e.is_investment_project,
        e.project_name,
        e.is_toser,
        n.source,
        n.profession_name,
        n.okpdtr_code,
        n.specialty_code,
        coalesce(n.ugs_code, s.ugs_code) as ugs_code,
        n.level,
        n.need_year,
        n.headcount,
        n.target_contract,
        n.salary_rub,
        l.latest_survey_year,
        n.survey_year = l.latest_survey_year as counts_in_need,
        n.batch_id,
        n.is_demo
    from needs as n
    inner join latest as l using (employer_inn, source)
    left join stg_employers as e using (employer_inn)
    left join seed.specialties as s on s.specialty_code = n.specialty_code
)

select * from final
