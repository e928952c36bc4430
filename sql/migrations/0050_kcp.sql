-- Admission targets (КЦП, measures 2.5–2.7 of decree No. 448): admissions grow optional columns
-- (form of study, base education, applications, target-contract and paid enrolment), and the three
-- datasets of the cycle land here: proposals, approved totals and the competition's results.
alter table raw.admissions add column study_form varchar;
alter table raw.admissions add column base_education varchar;
alter table raw.admissions add column applications integer;
alter table raw.admissions add column enrolled_target integer;
alter table raw.admissions add column enrolled_paid integer;

create table raw.kcp_proposals (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    admission_year integer, specialty_code varchar, proposed_by varchar, places integer, justification varchar
);

create table raw.kcp_totals (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    admission_year integer, specialty_code varchar, study_form varchar, places integer, order_ref varchar
);

create table raw.kcp_competition (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    admission_year integer, inst_code varchar, specialty_code varchar, study_form varchar,
    bid_places integer, score double, awarded_places integer
);
