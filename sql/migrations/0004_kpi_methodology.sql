-- The KPI methodology of college directors (roadmap measure 8.3) and the evaluations saved for the
-- commission. These rows do not come from uploaded files: they are kept as they are by a rebuild.

-- A methodology version is immutable once saved: a change of weights is a new version.
create table kpi_methodologies (
    version    integer primary key,
    title      varchar not null,
    author     varchar not null,
    created_at timestamp not null,
    note       varchar
);

create table kpi_weights (
    version        integer not null,
    indicator_code varchar not null,      -- K1..K6 (seed.kpi_indicators)
    weight         decimal(6, 4) not null,
    primary key (version, indicator_code)
);

-- An evaluation freezes the figures of one year under one methodology version, with the batches
-- they came from, so the protocol can be reproduced after later uploads.
create table kpi_evaluations (
    evaluation_id       integer primary key,
    year                integer not null,
    methodology_version integer not null,
    title               varchar not null,
    created_by          varchar not null,
    created_at          timestamp not null,
    batch_ids           bigint[] not null
);

create table kpi_evaluation_rows (
    evaluation_id  integer,
    inst_code      varchar,
    indicator_code varchar,
    value          double,
    numerator      double,
    denominator    double,
    has_data       boolean,
    weight         decimal(6, 4),
    points         double,
    score          double,
    rank           integer
);
