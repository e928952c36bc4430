-- grain: one cell (rows 01–15, columns 07–32) of the federal monitoring form computed from a college's per-graduate rows
-- key: year, inst_code, specialty_code, row_no, col_no
-- materialized: table
-- What the college's own list of graduates says the form must hold (the form «out»): row 01 from
-- the statuses and the two flags of «employed»; rows 02–15 from the optional flags
-- (health_limitations, disability, disability_kind, target_contract, abilympics: zeros where a
-- college does not keep them, has_flags false); the forecast columns 27–32 are not known per
-- graduate and stay 0. Every cell of every specialty is present (zeros included).
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

slices as (
    select year, inst_code, specialty_code
    from flagged
    group by year, inst_code, specialty_code
),

college_flags as (
    select year, inst_code, bool_or(flagged) as has_flags
    from flagged
    group by year, inst_code
),

grid as (
    select s.year, s.inst_code, s.specialty_code, f.has_flags, r.row_no, c.col_no, c.status_code
    from slices as s
    inner join college_flags as f using (year, inst_code)
    cross join form_rows as r
    cross join form_columns as c
),

final as (
    select
        cast(g.year as integer) as year,
        g.inst_code,
        g.specialty_code,
        cast(g.row_no as integer) as row_no,
        cast(g.col_no as integer) as col_no,
        cast(coalesce(case
            when g.col_no = 7 then sum(c.graduates)
            when g.col_no = 9 then sum(c.by_specialty)
            when g.col_no = 10 then sum(c.retained_4m)
            when g.status_code is not null then sum(c.graduates) filter (where c.status = g.status_code)
            else 0
        end, 0) as bigint) as value,
        bool_or(g.has_flags) as has_flags
    from grid as g
    left join row_status_counts as c
        on c.year = g.year
        and c.inst_code = g.inst_code
        and c.specialty_code = g.specialty_code
        and c.row_no = g.row_no
    group by g.year, g.inst_code, g.specialty_code, g.row_no, g.col_no, g.status_code
)

select * from final
