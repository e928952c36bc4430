-- grain: one student's demo exam in one competence and year, current version
-- key: year, inst_code, student_id, competence
-- materialized: table
-- slice: inst_code, year
-- The latest version of every key among accepted (not revoked) batches; a key whose latest
-- version is a retirement (replace mode) is gone.
with versions as (
    select
        r.*,
        b.uploaded_at,
        b.uploaded_by,
        b.channel = 'demo' as is_demo
    from raw.demo_exams as r
    inner join upload_batches as b using (batch_id)
    where b.status = 'accepted'
),

latest as (
    select *
    from versions
    qualify row_number() over (partition by year, inst_code, student_id, competence order by batch_id desc, row_no desc) = 1
),

final as (
    select
        year, inst_code, specialty_code, competence, student_id, score_pct, grade, credited,
        batch_id,
        uploaded_at,
        uploaded_by,
        is_demo
    from latest
    where op = 'upsert'
)

select * from final
