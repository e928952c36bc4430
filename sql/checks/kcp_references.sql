-- check: admission-target datasets reference existing institutions, specialties and forms of study
select 'kcp_competition' as dataset, inst_code as value from kcp_competition where inst_code not in (select inst_code from institutions)
union all
select 'kcp_competition', specialty_code from kcp_competition where specialty_code not in (select specialty_code from specialties)
union all
select 'kcp_totals', specialty_code from kcp_totals where specialty_code not in (select specialty_code from specialties)
union all
select 'kcp_proposals', specialty_code from kcp_proposals where specialty_code not in (select specialty_code from specialties)
union all
select 'admissions', study_form from admissions where study_form not in ('full_time', 'part_time', 'evening')
union all
select 'kcp_totals', study_form from kcp_totals where study_form not in ('full_time', 'part_time', 'evening')
union all
select 'kcp_competition', study_form from kcp_competition where study_form not in ('full_time', 'part_time', 'evening')
