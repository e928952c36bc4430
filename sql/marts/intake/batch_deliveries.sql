-- grain: one submitter × reporting year that one batch delivered rows for, in a collected dataset
-- key: batch_id, dataset, year, inst_code
-- What each batch delivered, as mart.intake.datasets.COLLECTED declares it: the reporting year is
-- the dataset's year column (for experts, the year of valid_from); the submitter is the row's
-- institution, or the one submitter of a dataset that has a single one (the regional centre); the
-- federal form's rows count for the graduates' collection. Retirements deliver nothing. The upload
-- stores these rows in batch_coverage inside its write (tests/test_models_collections.py checks
-- that every collected dataset is listed here).
with delivered as (
    select distinct batch_id, 'graduates' as dataset, graduation_year as year, inst_code
    from raw.graduates where op = 'upsert'
    union all
    select distinct batch_id, 'demo_exams', year, inst_code
    from raw.demo_exams where op = 'upsert'
    union all
    select distinct batch_id, 'admissions', year, inst_code
    from raw.admissions where op = 'upsert'
    union all
    select distinct batch_id, 'championship_results', year, null
    from raw.championship_results where op = 'upsert'
    union all
    select distinct batch_id, 'experts', year(valid_from), null
    from raw.experts where op = 'upsert'
    union all
    select distinct batch_id, 'expert_events', year, null
    from raw.expert_events where op = 'upsert'
    union all
    select distinct batch_id, 'graduates', year, inst_code
    from raw.employment_form where op = 'upsert'
),

final as (
    select distinct
        d.batch_id,
        d.dataset,
        cast(d.year as integer) as year,
        case when r.submitters = 'single' then r.submitter_code else d.inst_code end as inst_code
    from delivered as d
    inner join seed.collection_rules as r using (dataset)
)

select * from final
where year is not null and inst_code is not null
