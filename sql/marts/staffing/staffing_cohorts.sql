-- grain: the students enrolled on budget places in one specialty at one college in one admission year, with the year they graduate
-- key: admission_year, inst_code, specialty_code
-- materialized: table
-- slice: inst_code, admission_year as year
-- Enrolled in year A graduate in A + d: d = 4 for a specialty (NN.02.NN, ППССЗ), 3 for a
-- profession (NN.01.NN, ППКРС). Refreshed with every upload.
with admissions_ as (
    select * from admissions
),

final as (
    -- admissions rows are split by form of study and base education: their enrolment adds up
    select
        a.year as admission_year,
        (a.year + case substr(a.specialty_code, 4, 2) when '02' then 4 else 3 end)::integer as graduation_year,
        a.inst_code,
        a.specialty_code,
        i.municipality,
        sum(a.enrolled) as enrolled
    from admissions_ as a
    inner join institutions as i using (inst_code)
    group by a.year, a.inst_code, a.specialty_code, i.municipality
)

select * from final
