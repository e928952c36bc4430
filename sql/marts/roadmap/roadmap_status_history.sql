-- grain: one status report on one roadmap measure as of one date, with the channel it came through
-- key: item_code, status_date
-- source names the channel as people say it (the coordinator's form, a file upload, the command
-- line, the demo data).
with reports as (
    select * from roadmap_status
),

batches as (
    select batch_id, channel from upload_batches
),

final as (
    select
        r.item_code,
        r.status_date,
        r.status,
        r.status_label,
        cast(r.progress_pct as double) as progress_pct,
        coalesce(r.evidence, '') as evidence,
        coalesce(r.comment, '') as comment,
        r.batch_id,
        case b.channel
            when 'form' then 'Форма координатора'
            when 'page' then 'Загрузка файла'
            when 'cli' then 'Командная строка'
            when 'demo' then 'Демо-данные'
            else b.channel
        end as source,
        r.uploaded_by,
        r.uploaded_at
    from reports as r
    left join batches as b using (batch_id)
)

select * from final
order by item_code, status_date desc, batch_id desc
