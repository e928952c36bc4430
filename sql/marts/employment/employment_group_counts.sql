-- grain: the graduates of a selection (the region, or a municipality, college and/or specialty) in one graduation year and group of statuses
-- key: year, status_group
-- params: p_municipality := null, p_inst_code := null, p_specialty_code := null
-- The groups of seed.employment_statuses (employed / excused / other: K1's numerator, the part
-- left out of its denominator, the rest), summed from every status of employment_status_counts,
-- zeros included; year_total and share as there.
with statuses as (
    select *
    from employment_status_counts_at(
        p_municipality := p_municipality, p_inst_code := p_inst_code, p_specialty_code := p_specialty_code
    )
),

final as (
    select
        year,
        status_group,
        cast(sum(graduates) as bigint) as graduates,
        cast(max(year_total) as bigint) as year_total
    from statuses
    group by year, status_group
)

select
    *,
    case when year_total > 0 then graduates / year_total end as share
from final
order by year, status_group
