-- The audit of uploads and the landing tables of every dataset.
-- Landing tables keep every version of every row: each row is tagged with the batch it came from;
-- op = 'upsert' (the row as uploaded) or 'retire' (replace mode: the key left the slice).
create schema if not exists raw;

create table upload_batches (
    batch_id       bigint primary key,
    dataset        varchar not null,
    inst_code      varchar,              -- empty when the file covers several institutions
    file_name      varchar not null,
    sha256         varchar,
    size_bytes     bigint,
    rows           integer,
    rows_new       integer,
    rows_replaced  integer,
    rows_unchanged integer,
    rows_retired   integer,
    mode           varchar not null,     -- upsert | replace
    scope_inst     varchar,              -- --inst / the institution account the upload was bound to
    uploaded_by    varchar not null,
    uploaded_at    timestamp not null,
    channel        varchar not null,     -- page | cli | demo | form
    status         varchar not null,     -- accepted | rejected | revoked
    error_count    integer not null default 0,
    stored_file    varchar,              -- uploads/<sha256>.<ext>
    revoked_by     varchar,
    revoked_at     timestamp,
    note           varchar
);

create table upload_errors (
    batch_id    bigint not null,
    error_no    integer not null,
    row_no      integer,                 -- as the user sees it in Excel: header = 1
    column_name varchar,
    value       varchar,
    reason      varchar not null,
    severity    varchar not null default 'error'   -- error | warning
);

create table raw.graduates (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    inst_code varchar, graduation_year integer, specialty_code varchar, graduate_id varchar,
    status varchar, by_specialty boolean, retained_4m boolean, status_date date
);

create table raw.championship_results (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    year integer, event varchar, level varchar, age_group varchar, competence varchar,
    participant_id varchar, participant_name varchar, inst_code varchar, organization varchar,
    score decimal(6, 2), medal varchar
);

create table raw.experts (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    expert_id varchar, full_name varchar, inst_code varchar, organization varchar,
    competence varchar, certificate varchar, valid_from date, valid_to date
);

create table raw.expert_events (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    expert_id varchar, year integer, event varchar, competence varchar, role varchar
);

create table raw.demo_exams (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    year integer, inst_code varchar, specialty_code varchar, competence varchar, student_id varchar,
    score_pct decimal(5, 2), grade integer, credited boolean
);

create table raw.admissions (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    year integer, inst_code varchar, specialty_code varchar, kcp_plan integer, enrolled integer
);

create table raw.roadmap_status (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    item_code varchar, status varchar, progress_pct decimal(5, 2), status_date date,
    evidence varchar, comment varchar
);

create table raw.institutions (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    inst_code varchar, short_name varchar, full_name varchar, kind varchar,
    municipality varchar, director varchar
);
