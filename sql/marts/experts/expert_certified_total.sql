-- grain: the region's certified experts as of today (one row, the figure everyone may see)
-- key: as_of
-- params: p_as_of := null
-- "Today" is p_as_of when given (another day), else the variable mart_today (MART_TODAY), else the date.
-- certified: experts with a certified_expert certificate valid today; competences: the competences
-- those certificates cover.
with certificates as (
    select * from expert_certificate_status_at(p_as_of := p_as_of)
),

as_of as (
    select coalesce(cast(p_as_of as date), cast(getvariable('mart_today') as date), current_date) as as_of
),

final as (
    select
        d.as_of,
        cast(count(distinct c.expert_id) as integer) as certified,
        cast(count(distinct c.competence) as integer) as competences
    from as_of as d
    left join certificates as c
        on c.certificate = 'certified_expert'
        and c.status in ('valid', 'expiring')
    group by d.as_of
)

select * from final
