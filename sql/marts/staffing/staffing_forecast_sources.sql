-- grain: one accepted upload batch a saved forecast rests on
-- key: forecast_id, batch_id
select f.forecast_id, b.batch_id, b.dataset, b.file_name, b.uploaded_by, b.uploaded_at
from staffing_forecasts as f, unnest(f.batch_ids) as t (batch_id)
inner join upload_batches as b on t.batch_id = b.batch_id
