-- grain: one error or warning found in one uploaded file
-- key: batch_id, error_no
-- Errors first, then warnings, each in the order they were found (severity_order, error_no).
with notes as (
    select * from upload_errors
),

final as (
    select
        batch_id,
        error_no,
        case severity when 'error' then 0 else 1 end as severity_order,
        row_no,
        column_name,
        value,
        reason,
        severity
    from notes
)

select * from final
order by batch_id, severity_order, error_no
