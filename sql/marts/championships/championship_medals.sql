-- grain: one college's or university's medals in one year, championship level and age group
-- key: year, level, age_group, inst_code
-- Contestants without an institution (schoolchildren, employees) are left out. medal_points is the
-- WorldSkills medal-table figure (gold 4, silver 3, bronze 2, medallion 1), not doubled for the
-- national level as K4 does. A group whose contestants won nothing has a row of zeros.
with results as (
    select * from championship_results
),

final as (
    select
        year,
        level,
        age_group,
        inst_code,
        cast(sum(gold) as integer) as gold,
        cast(sum(silver) as integer) as silver,
        cast(sum(bronze) as integer) as bronze,
        cast(sum(medallion) as integer) as medallion,
        cast(sum(medal_points) as integer) as medal_points
    from results
    where inst_code is not null
    group by year, level, age_group, inst_code
)

select * from final
