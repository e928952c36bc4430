-- grain: one expert with a certificate: the name and organization the rating shows
-- key: expert_id
-- Taken from the expert's latest certificate, whatever the competence (the latest valid_to, then
-- valid_from; ties by competence and certificate).
with certificate_rows as (
    select * from experts
),

final as (
    select
        expert_id,
        full_name,
        organization,
        inst_code
    from certificate_rows
    qualify row_number() over (
        partition by expert_id order by valid_to desc, valid_from desc, competence, certificate
    ) = 1
)

select * from final
