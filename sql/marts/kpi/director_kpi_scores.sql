-- grain: one college's KPI score in one year under the current methodology
-- key: year, inst_code
-- Scores at full precision; rounding is for screens and exports.
with current_methodology as (
    select max(version) as methodology_version
    from kpi_methodologies
),

college_scores as (
    select * from director_kpi_scores_all
),

final as (
    select
        s.year,
        s.inst_code,
        s.score,
        s.rank,
        s.methodology_version
    from college_scores as s
    inner join current_methodology as c using (methodology_version)
)

select * from final
