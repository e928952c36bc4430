-- grain: the need for workers of one year by УГС, specialty (empty when the need names only the УГС), municipality and source
-- key: need_year, ugs_code, specialty_code, municipality, source
-- nullable: specialty_code
-- params: p_level := null, p_source := null, p_municipality := null
-- Rule (measure 2.1): need of year Y = Σ headcount with need_year = Y over the answers that count
-- (each employer's latest survey year per source). Optional filters: level (worker|specialist),
-- source (survey|investment_project), the employer's municipality.
with answers as (
    select *
    from employer_needs
    where counts_in_need
      and (p_level is null or level = p_level)
      and (p_source is null or source = p_source)
      and (p_municipality is null or municipality = p_municipality)
),

final as (
    select
        need_year,
        ugs_code,
        specialty_code,
        municipality,
        source,
        sum(headcount)::bigint as headcount
    from answers
    group by need_year, ugs_code, specialty_code, municipality, source
)

select * from final
