-- grain: one college's director KPI score in one year, beside the year before
-- key: year, inst_code
-- The «Лидеры KPI» of the overview: director_kpi_scores (the current methodology) with the score and
-- place the college had a year earlier and the change of the score.
with scores as (
    select * from director_kpi_scores
),

final as (
    select
        c.year,
        cast(c.rank as integer) as rank,
        c.inst_code,
        coalesce(i.short_name, c.inst_code) as short_name,
        i.municipality,
        c.score,
        p.score as prev_score,
        c.score - p.score as score_change,
        cast(p.rank as integer) as prev_rank,
        c.methodology_version
    from scores as c
    left join scores as p on p.inst_code = c.inst_code and p.year = c.year - 1
    left join institutions as i on i.inst_code = c.inst_code
)

select * from final
order by year, score desc, inst_code
