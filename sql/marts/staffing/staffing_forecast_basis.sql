-- grain: the region's one row of what a forecast saved now rests on
-- key: batches
-- survey_years: the survey years of the employers' answers that count in the need; batch_ids: the
-- accepted batches of the datasets the balance reads (employers, their needs, graduates,
-- admissions), frozen with the forecast so it can later be traced to its files; batches: how many.
with surveys as (
    select coalesce(list(distinct survey_year order by survey_year), [])::integer[] as survey_years
    from employer_needs
    where counts_in_need
),

batches as (
    select coalesce(list(batch_id order by batch_id), [])::bigint[] as batch_ids
    from upload_batches
    where status = 'accepted' and dataset in ('employers', 'employer_needs', 'graduates', 'admissions')
)

select s.survey_years, b.batch_ids, len(b.batch_ids) as batches
from surveys as s
cross join batches as b
