-- grain: the mart's one row of which uploads the figures rest on (printed on every council paper)
-- key: last_batch_id
-- nullable: last_batch_id
-- last_batch_id: the newest upload batch of any outcome (empty before the first upload); accepted and
-- revoked: how many batches are; last_accepted_at: when the last accepted one was uploaded.
select
    max(batch_id) as last_batch_id,
    count(*) filter (where status = 'accepted') as accepted,
    count(*) filter (where status = 'revoked') as revoked,
    max(uploaded_at) filter (where status = 'accepted') as last_accepted_at
from upload_batches
