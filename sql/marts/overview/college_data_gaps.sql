-- grain: one college (ПОО) and one dataset it uploads every year (graduates, demo exams, admissions) whose data is missing or stale
-- key: inst_code, dataset
-- params: p_year := null, p_stale_days := 365
-- Missing: the college has not submitted the dataset's collection of p_year (by default the
-- dataset's latest year with data) and was not excused (collection_submitters). Stale: the last
-- accepted upload touching the college is older than p_stale_days as of today (the variable
-- mart_today, else the current date). problem says which, in Russian.
with wanted(dataset) as (
    values ('graduates'), ('demo_exams'), ('admissions')
),

colleges as (
    select inst_code, short_name
    from institutions
    where kind = 'ПОО'
),

data_years as (
    select distinct dataset, inst_code, year, status
    from collection_submitters
    where status in ('submitted', 'late', 'excused')
),

latest_data as (
    select w.dataset, max(d.year) filter (where d.status <> 'excused') as latest_year
    from wanted as w
    left join data_years as d using (dataset)
    group by w.dataset
),

latest as (
    select dataset, coalesce(p_year, latest_year) as latest_year
    from latest_data
),

touched as (
    select distinct batch_id, 'graduates' as dataset, inst_code from raw.graduates
    union all
    select distinct batch_id, 'demo_exams' as dataset, inst_code from raw.demo_exams
    union all
    select distinct batch_id, 'admissions' as dataset, inst_code from raw.admissions
),

last_upload as (
    select t.dataset, t.inst_code, max(b.uploaded_at) as last_upload_at
    from touched as t
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
    group by t.dataset, t.inst_code
),

grid as (
    select c.inst_code, c.short_name, l.dataset, l.latest_year
    from colleges as c
    cross join latest as l
),

checked as (
    select
        g.inst_code,
        g.short_name,
        g.dataset,
        g.latest_year,
        d.inst_code is not null as has_latest_year,
        u.last_upload_at,
        coalesce(cast(getvariable('mart_today') as date), current_date) - cast(u.last_upload_at as date)
            as days_since_upload
    from grid as g
    left join data_years as d
        on d.dataset = g.dataset and d.inst_code = g.inst_code and d.year = g.latest_year
    left join last_upload as u on u.dataset = g.dataset and u.inst_code = g.inst_code
),

final as (
    select
        inst_code,
        short_name,
        dataset,
        latest_year,
        has_latest_year,
        last_upload_at,
        days_since_upload,
        concat_ws(
            '; ',
            case
                when latest_year is null then 'набор ещё не загружал никто'
                when not has_latest_year then 'нет данных за ' || latest_year || ' год'
            end,
            case
                when last_upload_at is null then 'принятых загрузок нет'
                when days_since_upload > p_stale_days
                    then 'последняя загрузка ' || days_since_upload || ' дн. назад'
            end
        ) as problem
    from checked
    where not has_latest_year or last_upload_at is null or days_since_upload > p_stale_days
)

select * from final
order by inst_code, dataset
