-- grain: the structural mismatch of training and demand in one year
-- key: year
-- params: completion_rate := 0.8, p_level := null, p_source := null, p_municipality := null
-- Rule (measure 2.2): over all УГС with need or supply in the year,
-- I = sqrt(Σ (a − b)² / Σ (a + b)²), a = the УГС's share of supply, b = its share of need
-- (a side with no total counts as shares of 0); 0 = training matches demand exactly, 1 = no overlap.
with balance as (
    select *
    from staffing_balance_at(
        completion_rate := completion_rate, p_level := p_level, p_source := p_source, p_municipality := p_municipality
    )
),

totals as (
    select year, sum(need order by ugs_code) as total_need, sum(supply order by ugs_code) as total_supply
    from balance
    group by year
),

shares as (
    select
        b.year,
        b.ugs_code,
        case when t.total_supply > 0 then b.supply / t.total_supply else 0 end as a,
        case when t.total_need > 0 then b.need / t.total_need else 0 end as b
    from balance as b
    inner join totals as t using (year)
),

final as (
    select
        year,
        -- sums in a fixed order (by УГС): the same bits on every run
        sqrt(sum((a - b) ^ 2 order by ugs_code) / sum((a + b) ^ 2 order by ugs_code)) as mismatch_index
    from shares
    group by year
    having sum((a + b) ^ 2) > 0
)

select * from final
