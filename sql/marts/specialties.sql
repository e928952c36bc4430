-- grain: one profession or specialty of СПО (ОКСО code) taught in the region
-- key: specialty_code
with specialties as (
    select * from seed.specialties
),

final as (
    select
        s.specialty_code,
        s.name,
        s.kind,
        s.ugs_code,
        u.ugs_name,
        s.source
    from specialties as s
    left join seed.ugs as u using (ugs_code)
)

select * from final
order by specialty_code
