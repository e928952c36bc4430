-- grain: the graduates of one college, year and specialty in one monitoring status
-- key: graduation_year, inst_code, specialty_code, status
-- Counts only: no person-level rows, so council members may see it. From per-graduate rows, or from
-- row 01 of the federal form for a college and year that sent only the form (employment_counts.source).
with counts as (
    select * from employment_counts
),

final as (
    select
        graduation_year,
        inst_code,
        specialty_code,
        status,
        graduates
    from counts
)

select * from final
