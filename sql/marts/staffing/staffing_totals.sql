-- grain: the region's staffing balance over all УГС in one year of the balance
-- key: year
-- params: completion_rate := 0.8, p_level := null, p_source := null, p_municipality := null
-- need, supply, gap: Σ over the УГС of `staffing_balance`; shortage: Σ of the gaps above 0 (УГС short of
-- workers), surplus: −Σ of the gaps below 0 (УГС with more graduates than need); a year of
-- `staffing_years` without any row counts 0. mismatch_index: `staffing_mismatch` of the year.
with balance as (
    select *
    from staffing_balance_at(
        completion_rate := completion_rate, p_level := p_level, p_source := p_source, p_municipality := p_municipality
    )
),

mismatch as (
    select *
    from staffing_mismatch_at(
        completion_rate := completion_rate, p_level := p_level, p_source := p_source, p_municipality := p_municipality
    )
)

select
    y.year,
    y.is_projected,
    coalesce(sum(b.need order by b.ugs_code), 0) as need,
    coalesce(sum(b.supply order by b.ugs_code), 0) as supply,
    coalesce(sum(b.gap order by b.ugs_code), 0) as gap,
    coalesce(sum(b.gap order by b.ugs_code) filter (where b.gap > 0), 0) as shortage,
    coalesce(-sum(b.gap order by b.ugs_code) filter (where b.gap < 0), 0) as surplus,
    m.mismatch_index
from staffing_years as y
left join balance as b using (year)
left join mismatch as m using (year)
group by y.year, y.is_projected, m.mismatch_index
