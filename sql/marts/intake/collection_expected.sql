-- grain: one expected submitter of one collected dataset (who must submit it every reporting year)
-- key: dataset, inst_code
-- As mart.intake.datasets.COLLECTED declares it: every college (ПОО), every university (ОВО), every
-- institution, or the dataset's one submitter (the regional centre).
with rules as (
    select * from seed.collection_rules
),

final as (
    select r.dataset, i.inst_code, i.short_name as submitter_name, i.director
    from rules as r
    inner join institutions as i
        on (r.submitters = 'colleges' and i.kind = 'ПОО')
        or (r.submitters = 'universities' and i.kind = 'ОВО')
        or r.submitters = 'institutions'
    union all
    select r.dataset, r.submitter_code, r.submitter_name, null
    from rules as r
    where r.submitters = 'single'
)

select * from final
order by dataset, inst_code
