-- grain: one college's or university's line in the medal table of the chosen championships
-- key: inst_code
-- params: p_year := null, p_level := null, p_age_group := null, p_competence := null
-- Contestants without an institution (schoolchildren, employees) are left out; an institution whose
-- contestants won nothing has a line of zeros. place (the championships page's ranking): medal points
-- first, then gold, silver, bronze; equal on all four share a place. medal_place (the medal standings
-- of the overview and the council's pack, «медальный зачёт»): gold first, then silver, bronze,
-- medallions. The one medal table of colleges: the championships page, the overview and the pack read it.
with results as (
    select *
    from championship_selection_at(
        p_year := p_year, p_level := p_level, p_age_group := p_age_group, p_competence := p_competence
    )
    where inst_code is not null
),

by_institution as (
    select
        inst_code,
        cast(count(distinct participant_id) as integer) as contestants,
        cast(sum(gold) as integer) as gold,
        cast(sum(silver) as integer) as silver,
        cast(sum(bronze) as integer) as bronze,
        cast(sum(medallion) as integer) as medallion,
        cast(sum(is_medal) as integer) as medals,
        cast(sum(medal_points) as integer) as medal_points
    from results
    group by inst_code
),

final as (
    select
        cast(rank() over (order by b.medal_points desc, b.gold desc, b.silver desc, b.bronze desc) as integer)
            as place,
        b.inst_code,
        coalesce(i.short_name, b.inst_code) as short_name,
        i.kind,
        b.contestants,
        b.gold,
        b.silver,
        b.bronze,
        b.medallion,
        b.medals,
        b.medal_points,
        cast(rank() over (order by b.gold desc, b.silver desc, b.bronze desc, b.medallion desc) as integer)
            as medal_place
    from by_institution as b
    left join institutions as i using (inst_code)
)

select * from final
