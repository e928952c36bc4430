-- grain: one college's KPI score in one year under one methodology version
-- key: year, inst_code, methodology_version
-- materialized: table
-- slice: year
-- score = Σ points = 100 × Σ weight × value (out of 100). Colleges are ranked by score within the
-- year and version, dense (equal scores share a place); the rank compares scores rounded to 9
-- decimals so that floating-point noise in the sum cannot split a true tie.
with indicator_points as (
    select * from director_kpi_all
),

scores as (
    select
        year,
        inst_code,
        methodology_version,
        -- a fixed order of summation: the same data always gives the same last digit
        sum(points order by indicator_code) as score
    from indicator_points
    group by year, inst_code, methodology_version
),

final as (
    select
        year,
        inst_code,
        score,
        cast(
            dense_rank() over (partition by year, methodology_version order by round(score, 9) desc)
            as integer
        ) as rank,
        methodology_version
    from scores
)

select * from final
order by methodology_version, year, rank, inst_code
