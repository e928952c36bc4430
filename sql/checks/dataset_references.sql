-- check: stored rows reference existing institutions, specialties, competences and experts
select 'graduates' as dataset, inst_code as value from graduates where inst_code not in (select inst_code from institutions)
union all
select 'graduates', specialty_code from graduates where specialty_code not in (select specialty_code from specialties)
union all
select 'graduates', status from graduates where status_label is null
union all
select 'demo_exams', competence from demo_exams where competence not in (select competence from competences)
union all
select 'demo_exams', cast(grade as varchar) from demo_exams where grade is null
union all
select 'admissions', inst_code from admissions where inst_code not in (select inst_code from institutions)
union all
select 'championship_results', competence from championship_results where competence not in (select competence from competences)
union all
select 'championship_results', medal from championship_results where medal_label is null
union all
select 'expert_events', expert_id from expert_events where expert_id not in (select expert_id from experts)
