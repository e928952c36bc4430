-- grain: one cell (rows 01–15, columns 07–32) of the federal monitoring form computed from a college's per-graduate rows
-- key: year, inst_code, specialty_code, row_no, col_no
-- materialized: table
-- slice: inst_code, year
-- What the college's own list of graduates says the form must hold (the form «out»): row 01 from
-- the statuses and the two flags of «employed»; rows 02–15 from the optional flags
-- (health_limitations, disability, disability_kind, target_contract, abilympics: zeros where a
-- college does not keep them, has_flags false); the forecast columns 27–32 are not known per
-- graduate and stay 0. Only non-zero cells are stored (a national roll-out has millions of zeros):
-- a cell that is not here is 0.
with graduate_rows as (
    select * from graduates
),

form_rows as (
    select row_no from seed.employment_form_rows
),

form_columns as (
    select col_no, status_code
    from seed.employment_form_columns
    where col_no between 7 and 32
),

flagged as (
    select
        graduation_year as year,
        inst_code,
        specialty_code,
        status,
        coalesce(by_specialty, false) as by_specialty,
        coalesce(retained_4m, false) as retained_4m,
        coalesce(health_limitations, false) as ovz,
        coalesce(disability, 'none') <> 'none' as disabled,
        disability_kind,
        coalesce(target_contract, false) as target,
        coalesce(abilympics, false) as abilympics,
        health_limitations is not null or disability is not null or target_contract is not null
            or abilympics is not null as flagged
    from graduate_rows
),

-- the form's rows a graduate is counted in (row 06 = 02 + 04: graduates with ОВЗ or a disability)
memberships as (
    select f.*, r.row_no
    from flagged as f
    inner join form_rows as r on case r.row_no
        when 1 then true
        when 2 then f.ovz
        when 3 then f.ovz and f.disabled
        when 4 then f.disabled and not f.ovz
        when 5 then f.target
        when 6 then f.ovz or f.disabled
        when 7 then (f.ovz or f.disabled) and f.disability_kind = 'vision'
        when 8 then (f.ovz or f.disabled) and f.disability_kind = 'hearing'
        when 9 then (f.ovz or f.disabled) and f.disability_kind = 'musculoskeletal'
        when 10 then (f.ovz or f.disabled) and f.disability_kind = 'speech'
        when 11 then (f.ovz or f.disabled) and f.disability_kind = 'mental_delay'
        when 12 then (f.ovz or f.disabled) and f.disability_kind = 'autism'
        when 13 then (f.ovz or f.disabled) and f.disability_kind = 'other'
        when 14 then (f.ovz or f.disabled) and f.target
        when 15 then (f.ovz or f.disabled) and f.abilympics
    end
),

row_status_counts as (
    select
        year,
        inst_code,
        specialty_code,
        row_no,
        status,
        count(*) as graduates,
        count(*) filter (where status = 'employed' and by_specialty) as by_specialty,
        count(*) filter (where status = 'employed' and retained_4m) as retained_4m
    from memberships
    group by year, inst_code, specialty_code, row_no, status
),

college_flags as (
    select year, inst_code, bool_or(flagged) as has_flags
    from flagged
    group by year, inst_code
),

cells as (
    select year, inst_code, specialty_code, row_no, 7 as col_no, sum(graduates) as value
    from row_status_counts
    group by year, inst_code, specialty_code, row_no
    union all
    select year, inst_code, specialty_code, row_no, 9, sum(by_specialty)
    from row_status_counts
    group by year, inst_code, specialty_code, row_no
    union all
    select year, inst_code, specialty_code, row_no, 10, sum(retained_4m)
    from row_status_counts
    group by year, inst_code, specialty_code, row_no
    union all
    select c.year, c.inst_code, c.specialty_code, c.row_no, f.col_no, sum(c.graduates)
    from row_status_counts as c
    inner join form_columns as f on f.status_code = c.status
    group by c.year, c.inst_code, c.specialty_code, c.row_no, f.col_no
),

final as (
    select
        cast(c.year as integer) as year,
        c.inst_code,
        c.specialty_code,
        cast(c.row_no as integer) as row_no,
        cast(c.col_no as integer) as col_no,
        cast(c.value as bigint) as value,
        f.has_flags
    from cells as c
    inner join college_flags as f using (year, inst_code)
    where c.value > 0
)

select * from final
