-- grain: the need stated for one year after the last year of the balance (its graduates are not enrolled yet)
-- key: need_year
-- params: p_level := null, p_source := null, p_municipality := null
-- headcount: Σ of `staffing_need` in years after the last of `staffing_years`: no supply to set against it.
select need_year, sum(headcount)::bigint as headcount
from staffing_need_at(p_level := p_level, p_source := p_source, p_municipality := p_municipality)
where need_year > (select max(year) from staffing_years)
group by need_year
