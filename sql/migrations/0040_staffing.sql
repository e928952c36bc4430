-- Section 2 of the decree (measures 2.1–2.4): employers' demand for workers and the staffing forecast.

-- Landing tables of the two uploaded datasets (every version of every row, tagged with its batch).
create table raw.employers (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    employer_inn varchar, name varchar, okved varchar, municipality varchar,
    is_investment_project boolean, project_name varchar, is_toser boolean
);

create table raw.employer_needs (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    survey_year integer, employer_inn varchar, source varchar, profession_name varchar,
    okpdtr_code varchar, specialty_code varchar, ugs_code varchar, level varchar,
    need_year integer, headcount integer, target_contract boolean, salary_rub decimal(12, 2)
);

-- A saved forecast (2.3) is a frozen copy of the balance for a horizon of years, with its
-- parameters and the batches it used; these rows are not data from files (kept by a rebuild).
create table staffing_forecasts (
    forecast_id     integer primary key,
    title           varchar not null,
    year_from       integer not null,
    year_to         integer not null,
    completion_rate double not null,
    survey_years    integer[] not null,   -- the survey years the need came from
    batch_ids       bigint[] not null,    -- accepted batches of the source datasets at saving
    created_by      varchar not null,
    created_at      timestamp not null,
    published_by    varchar,              -- 2.4: the corrected forecast made public
    published_at    timestamp
);

create table staffing_forecast_rows (
    forecast_id  integer not null,
    year         integer not null,
    ugs_code     varchar not null,
    need         double not null,
    supply       double not null,
    gap          double not null,
    coverage     double,
    is_projected boolean not null,
    primary key (forecast_id, year, ugs_code)
);

-- The council's corrections (2.4): a corrected need per УГС and year, never overwriting the
-- computed figure; a later correction of the same cell supersedes an earlier one (both kept).
create table staffing_forecast_corrections (
    correction_id  integer primary key,
    forecast_id    integer not null,
    year           integer not null,
    ugs_code       varchar not null,
    corrected_need double not null,
    reason         varchar not null,
    created_by     varchar not null,
    created_at     timestamp not null
);
