-- grain: one saved staffing forecast (measure 2.3–2.4), with its corrections counted and whether the public sees it
-- key: forecast_id
-- survey_years: the employers' survey years it rests on, as text; batches: the accepted source
-- batches frozen with it; is_public: published and the one `staffing_forecast_public` shows.
select
    f.forecast_id,
    f.title,
    f.year_from,
    f.year_to,
    f.completion_rate,
    array_to_string(f.survey_years, ', ') as survey_years,
    len(f.batch_ids) as batches,
    f.created_by,
    f.created_at,
    f.published_by,
    f.published_at,
    (select count(*) from staffing_forecast_corrections as c where c.forecast_id = f.forecast_id) as corrections,
    f.published_at is not null
    and f.forecast_id = (select max(forecast_id) from staffing_forecast_public) as is_public
from staffing_forecasts as f
