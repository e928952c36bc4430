-- grain: the graduates of one college, year and specialty in one monitoring status
-- key: graduation_year, inst_code, specialty_code, status
-- Counts only: no person-level rows, so council members may see it.
with graduate_rows as (
    select * from graduates
),

final as (
    select
        graduation_year,
        inst_code,
        specialty_code,
        status,
        cast(count(*) as integer) as graduates
    from graduate_rows
    group by graduation_year, inst_code, specialty_code, status
)

select * from final
