-- grain: one college's KPI score in one year under one methodology version, beside the region's
-- key: year, inst_code, methodology_version
-- The region's figures are over every college with a score that year under the version: colleges,
-- region_mean, region_median.
with scores as (
    select * from director_kpi_scores_all
),

region as (
    select
        year,
        methodology_version,
        count(*) as colleges,
        avg(score) as region_mean,
        median(score) as region_median
    from scores
    group by year, methodology_version
),

final as (
    select
        s.year,
        s.score,
        s.rank,
        r.colleges,
        r.region_mean,
        r.region_median,
        s.inst_code,
        s.methodology_version
    from scores as s
    inner join region as r using (year, methodology_version)
)

select * from final
