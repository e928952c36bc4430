-- grain: one dataset × reporting year that holds delivered data but has no collection yet
-- key: dataset, year
-- Data that arrives for a dataset × year without a collection opens one (deadline still to be set):
-- the upload's write, and every build, insert these rows into collections.
with delivered as (
    select distinct dataset, year from batch_coverage
),

final as (
    select d.dataset, d.year
    from delivered as d
    where not exists (select 1 from collections as c where c.dataset = d.dataset and c.year = d.year)
)

select * from final
order by dataset, year
