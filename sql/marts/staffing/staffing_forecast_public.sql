-- grain: one УГС and year of the latest published staffing forecast (regional totals, for the public)
-- key: year, ugs_code
-- Measure 3.1 promises the forecast to the public: the latest published one, corrections applied.
with published as (
    select *
    from staffing_forecasts
    where published_at is not null
    qualify row_number() over (order by published_at desc, forecast_id desc) = 1
),

final as (
    select
        p.forecast_id,
        p.title,
        p.published_at,
        f.year,
        f.ugs_code,
        f.ugs_name,
        f.final_need as need,
        f.supply,
        f.final_gap as gap,
        f.final_coverage as coverage,
        f.is_projected,
        f.corrected_need is not null as is_corrected
    from published as p
    inner join staffing_forecast_figures as f using (forecast_id)
)

select * from final
