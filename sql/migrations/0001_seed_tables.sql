-- Reference tables filled from seeds/*.csv at every build (one table per seed file, same columns).
-- The types are declared here so that no seed relies on type inference.
create schema if not exists seed;

create table seed.roadmap_items (
    item_code      varchar primary key,  -- "5.11" = section 5, measure 11
    section_no     integer not null,
    item_no        integer not null,
    section_title  varchar,
    group_code     varchar,               -- the decree's group heading ("1.2"), not a measure
    group_title    varchar,
    title          varchar not null,
    key_result     varchar,
    deadline_text  varchar,
    start_date     date,
    end_date       date,
    is_ongoing     boolean not null,
    responsible    varchar,
    documents      varchar,
    note           varchar
);

create table seed.roadmap_executors (
    executor_code varchar primary key,
    name_ru       varchar not null,
    kind          varchar not null
);

create table seed.roadmap_item_executors (
    item_code     varchar not null,
    executor_code varchar not null,
    note          varchar
);

create table seed.ugs (
    ugs_code varchar primary key,
    ugs_name varchar not null
);

create table seed.specialties (
    specialty_code varchar primary key,
    name           varchar not null,
    kind           varchar not null,
    ugs_code       varchar not null,
    source         varchar
);

create table seed.competences (
    competence      varchar primary key,
    block           varchar not null,
    competence_code varchar,
    source          varchar
);

create table seed.specialty_competences (
    specialty_code varchar not null,
    competence     varchar not null
);

create table seed.employment_statuses (
    status_code      varchar primary key,
    label_ru         varchar not null,
    status_group     varchar not null,
    sort_order       integer not null,
    official_wording varchar
);

create table seed.employment_status_synonyms (
    status_code varchar not null,
    synonym     varchar not null
);

create table seed.medals (
    medal      varchar primary key,
    label_ru   varchar not null,
    points     integer not null,
    sort_order integer not null
);

create table seed.demo_exam_grades (
    grade    integer primary key,
    label_ru varchar not null,
    min_pct  decimal(5, 2) not null,
    max_pct  decimal(5, 2) not null
);

create table seed.roadmap_statuses (
    status     varchar primary key,
    label_ru   varchar not null,
    sort_order integer not null,
    is_closed  boolean not null
);

create table seed.kpi_indicators (
    indicator_code varchar primary key,
    name_ru        varchar not null,
    formula_ru     varchar,
    sort_order     integer not null,
    weight_v1      decimal(6, 4) not null
);
