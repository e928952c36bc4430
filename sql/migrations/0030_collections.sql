-- Reporting periods: collections (a dataset × reporting year with a deadline), their expected
-- submitters and excuses, and what every accepted batch covered. Collections and excuses are not
-- data from files: a rebuild keeps them as they are (like accounts and methodology versions).

-- Who is expected to submit each collected dataset: refilled at every build from
-- mart.datasets.COLLECTED (the one place where a dataset declares it).
--   submitters: colleges (every ПОО) | universities (every ОВО) | institutions (both)
--             | single (one submitter: submitter_code, submitter_name)
create table seed.collection_rules (
    dataset        varchar primary key,
    title_ru       varchar not null,
    submitters     varchar not null,
    submitter_code varchar,
    submitter_name varchar,
    sort_order     integer not null
);

create table collections (
    dataset     varchar not null,
    year        integer not null,           -- the reporting year
    deadline    date,                       -- empty: not set yet (auto-opened collections)
    opened_by   varchar not null,
    opened_at   timestamp not null,
    auto_opened boolean not null default false,
    closed_by   varchar,
    closed_at   timestamp,                  -- «сбор завершён»: the year counts as complete
    note        varchar,
    primary key (dataset, year)
);

-- An expected submitter the coordinator released from a collection, with the reason.
create table collection_excuses (
    dataset    varchar not null,
    year       integer not null,
    inst_code  varchar not null,
    reason     varchar not null,
    excused_by varchar not null,
    excused_at timestamp not null,
    primary key (dataset, year, inst_code)
);

-- Every change of collections and excuses: who, when, what, through which channel.
create table collection_log (
    event_id  bigint primary key,
    logged_at timestamp not null,
    logged_by varchar not null,
    channel   varchar not null,             -- page | cli | demo | auto
    action    varchar not null,             -- open | deadline | excuse | unexcuse | close | reopen
    dataset   varchar not null,
    year      integer not null,
    inst_code varchar,
    deadline  date,
    reason    varchar
);

-- What each accepted batch delivered: a submitter × reporting year of a collected dataset.
create table batch_coverage (
    batch_id  bigint not null,
    dataset   varchar not null,             -- the collection it counts for
    year      integer not null,
    inst_code varchar not null,             -- the submitter (an institution, or a single submitter's code)
    primary key (batch_id, dataset, year, inst_code)
);

-- A commission evaluation saved for a year whose data was not complete says so.
alter table kpi_evaluations add column is_partial boolean default false;
alter table kpi_evaluations add column partial_note varchar;
