-- grain: one saved KPI methodology version
-- key: version
-- Every version with its weights as columns K1..K6 and the current one (the latest saved) marked;
-- versions are never changed once saved (kpi_methodologies, kpi_weights).
with versions as (
    select * from kpi_methodologies
),

weights as (
    select * from kpi_weights
),

final as (
    select
        m.version,
        m.title,
        m.author,
        m.created_at,
        m.note,
        m.version = (select max(version) from versions) as is_current,
        max(w.weight) filter (where w.indicator_code = 'K1') as K1,
        max(w.weight) filter (where w.indicator_code = 'K2') as K2,
        max(w.weight) filter (where w.indicator_code = 'K3') as K3,
        max(w.weight) filter (where w.indicator_code = 'K4') as K4,
        max(w.weight) filter (where w.indicator_code = 'K5') as K5,
        max(w.weight) filter (where w.indicator_code = 'K6') as K6
    from versions as m
    left join weights as w using (version)
    group by m.version, m.title, m.author, m.created_at, m.note
)

select * from final
