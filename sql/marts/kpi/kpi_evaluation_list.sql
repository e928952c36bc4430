-- grain: one saved KPI evaluation (a year frozen under a methodology version for the commission)
-- key: evaluation_id
with evaluations as (
    select * from kpi_evaluations
),

versions as (
    select * from kpi_methodologies
),

final as (
    select
        e.evaluation_id,
        e.year,
        e.methodology_version,
        m.title as methodology_title,
        e.title,
        e.created_by,
        e.created_at,
        e.batch_ids,
        coalesce(e.is_partial, false) as is_partial,
        e.partial_note
    from evaluations as e
    left join versions as m on m.version = e.methodology_version
)

select * from final
