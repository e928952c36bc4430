-- grain: one УГС and year of a saved staffing forecast, with the council's latest correction
-- key: forecast_id, year, ugs_code
-- Rule (measure 2.4): a correction never overwrites the computed need; the final need is the
-- latest correction of the cell when there is one, else the computed need.
with corrections as (
    select *
    from staffing_forecast_corrections
    qualify row_number() over (partition by forecast_id, year, ugs_code order by correction_id desc) = 1
),

final as (
    select
        r.forecast_id,
        r.year,
        r.ugs_code,
        u.ugs_name,
        r.need,
        c.corrected_need,
        coalesce(c.corrected_need, r.need) as final_need,
        r.supply,
        r.gap,
        coalesce(c.corrected_need, r.need) - r.supply as final_gap,
        case when coalesce(c.corrected_need, r.need) > 0 then r.supply / coalesce(c.corrected_need, r.need) end
            as final_coverage,
        r.is_projected,
        c.reason as correction_reason,
        c.created_by as corrected_by,
        c.created_at as corrected_at
    from staffing_forecast_rows as r
    left join corrections as c using (forecast_id, year, ugs_code)
    left join seed.ugs as u using (ugs_code)
)

select * from final
