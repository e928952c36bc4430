-- grain: one graduate of one college and graduation year (person-level: the coordinator, or the college for its own)
-- key: inst_code, year, graduate_id
-- The list behind the counts of employment_cells, with the specialty's name and the college's
-- municipality to filter by. Who may read it is decided by mart.access.privacy.person_rows_institution.
with graduate_rows as (
    select * from graduates
),

final as (
    select
        g.graduation_year as year,
        g.inst_code,
        i.municipality,
        g.specialty_code,
        s.name as specialty_name,
        g.graduate_id,
        g.status,
        g.status_label,
        g.status_group,
        g.by_specialty,
        g.retained_4m,
        g.status_date
    from graduate_rows as g
    left join specialties as s using (specialty_code)
    left join institutions as i using (inst_code)
)

select * from final
