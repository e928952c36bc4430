-- grain: one correction of a saved forecast by the council, with the computed need it corrects
-- key: correction_id
-- Every correction is kept; a later one of the same cell supersedes the earlier in
-- `staffing_forecast_figures`.
select
    c.forecast_id,
    c.correction_id,
    c.year,
    c.ugs_code,
    u.ugs_name,
    r.need as computed_need,
    c.corrected_need,
    c.reason,
    c.created_by,
    c.created_at
from staffing_forecast_corrections as c
left join staffing_forecast_rows as r using (forecast_id, year, ugs_code)
left join seed.ugs as u using (ugs_code)
