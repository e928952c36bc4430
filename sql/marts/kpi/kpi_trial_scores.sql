-- grain: one college's KPI score in one year under weights being tried (not saved)
-- key: year, inst_code
-- params: w_k1 := null, w_k2 := null, w_k3 := null, w_k4 := null, w_k5 := null, w_k6 := null
-- The coordinator tries a set of weights before saving it as a methodology version: the score and
-- place under the weights given (a weight not given is the current version's). The formula is that
-- of director_kpi_all and director_kpi_scores_all: score = Σ 100 × weight × value, summed in a fixed
-- order; dense ranks over the score rounded to 9 decimals.
with indicator_values as (
    select * from kpi_values
),

indicators as (
    select indicator_code from seed.kpi_indicators
),

current_weights as (
    select i.indicator_code, cast(w.weight as double) as weight
    from indicators as i
    left join kpi_weights as w
        on w.indicator_code = i.indicator_code
        and w.version = (select max(version) from kpi_methodologies)
),

trial_weights as (
    select
        indicator_code,
        case indicator_code
            when 'K1' then coalesce(cast(w_k1 as double), weight)
            when 'K2' then coalesce(cast(w_k2 as double), weight)
            when 'K3' then coalesce(cast(w_k3 as double), weight)
            when 'K4' then coalesce(cast(w_k4 as double), weight)
            when 'K5' then coalesce(cast(w_k5 as double), weight)
            when 'K6' then coalesce(cast(w_k6 as double), weight)
        end as weight
    from current_weights
),

scores as (
    select
        v.year,
        v.inst_code,
        sum(100 * w.weight * v.value order by v.indicator_code) as score
    from indicator_values as v
    inner join trial_weights as w using (indicator_code)
    group by v.year, v.inst_code
),

colleges as (
    select * from institutions
),

final as (
    select
        s.year,
        s.inst_code,
        i.short_name,
        s.score,
        cast(dense_rank() over (partition by s.year order by round(s.score, 9) desc) as integer) as rank
    from scores as s
    left join colleges as i using (inst_code)
)

select * from final
