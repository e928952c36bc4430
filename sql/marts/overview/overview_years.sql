-- grain: one year with any regional figure of the overview
-- key: year
-- Graduation years of the employment figures, years of a regional championship, KPI years.
with years as (
    select year from employment_rates where level = 'region'
    union
    select year from championship_medals where level = 'regional'
    union
    select year from director_kpi_scores
)

select year from years
order by year desc
