-- grain: the medals of one year's regional championship won by students of the region's colleges and universities
-- key: year
-- All age groups together; contestants without an institution (schoolchildren, employees) are not
-- counted (championship_medals). medals counts all four medals, medallions included, as the medal
-- table does. event: the name of the year's regional championship (main age group; the first name
-- when there are several). What the overview and the council's pack show of championships.
with medals as (
    select
        year,
        sum(gold) as gold,
        sum(silver) as silver,
        sum(bronze) as bronze,
        sum(medallion) as medallion,
        sum(medal_points) as medal_points,
        count(distinct inst_code) filter (where gold + silver + bronze + medallion > 0) as institutions_with_medals
    from championship_medals
    where level = 'regional'
    group by year
),

events as (
    select year, min(event) as event
    from championship_results
    where level = 'regional' and age_group = 'main'
    group by year
),

final as (
    select
        m.year,
        e.event,
        cast(m.gold as integer) as gold,
        cast(m.silver as integer) as silver,
        cast(m.bronze as integer) as bronze,
        cast(m.medallion as integer) as medallion,
        cast(m.gold + m.silver + m.bronze + m.medallion as integer) as medals,
        cast(m.medal_points as integer) as medal_points,
        cast(m.institutions_with_medals as integer) as institutions_with_medals
    from medals as m
    left join events as e using (year)
)

select * from final
