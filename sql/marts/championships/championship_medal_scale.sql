-- grain: one medal of the WorldSkills medal table that scores points
-- key: medal
-- The points are seed.medals' (seeds/medals.csv), the one place they are defined; every figure
-- carries them through championship_results.medal_points, and screens and papers that name the scale
-- read it here.
select
    medal,
    label_ru as label,
    cast(points as integer) as points,
    sort_order
from seed.medals
where points > 0
