-- grain: one dataset with the day of its last accepted upload (the region's figure, no institution named)
-- key: dataset
with batches as (
    select * from upload_batches
),

final as (
    select dataset, cast(max(uploaded_at) as date) as last_upload_date
    from batches
    where status = 'accepted'
    group by dataset
)

select * from final
order by dataset
