-- grain: one institution whose data came (in part) from the fictional demo region
-- key: inst_code
-- Accepted upload batches of the demo channel that name the institution (as the uploader or the
-- scope of the file): a paper made of its figures says they are fictional.
with batches as (
    select batch_id, inst_code from upload_batches where status = 'accepted' and channel = 'demo'
    union
    select batch_id, scope_inst from upload_batches where status = 'accepted' and channel = 'demo'
)

select inst_code, cast(count(distinct batch_id) as integer) as demo_batches
from batches
where inst_code is not null
group by inst_code
order by inst_code
