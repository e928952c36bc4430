-- grain: the graduates of one specialty at one college in one graduation year, and how many of them are excused
-- key: graduation_year, inst_code, specialty_code
-- materialized: table
-- The counts `graduate_supply` reads (refreshed with every upload). Excused: the status group
-- «excused» — army by conscription or contract, continuing education, parental leave.
with graduates_ as (
    select * from graduates
),

final as (
    select
        g.graduation_year,
        g.inst_code,
        g.specialty_code,
        i.municipality,
        count(*) as graduates,
        count(*) filter (where g.status_group = 'excused') as excused
    from graduates_ as g
    inner join institutions as i using (inst_code)
    group by g.graduation_year, g.inst_code, g.specialty_code, i.municipality
)

select * from final
