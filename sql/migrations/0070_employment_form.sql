-- The federal graduate-employment monitoring form (measure 8.1, the 2022 layout) as a dataset,
-- the optional per-graduate flags that fill its rows 02–15, and the options of an upload.

-- the form's 15 rows per specialty and its columns 07–33 (reference data: seeds/employment_form_*.csv)
create table seed.employment_form_rows (
    row_no      integer primary key,  -- 1..15 as in column 05 of the form
    label_ru    varchar not null,     -- the row's name (column 06)
    parent_row  integer,              -- «of them»: the row this one is part of
    note        varchar
);

create table seed.employment_form_columns (
    col_no      integer primary key,  -- 1..33 as on row 8 of the form
    label_ru    varchar not null,
    kind        varchar not null,     -- key | total | status | flag | forecast | text
    status_code varchar,              -- the official status a count column holds (cols 08, 11–26)
    short_ru    varchar not null      -- a short heading for screens
);

-- one stored cell of a form: counts of columns 07–32 in value, the text of column 33 in text
create table raw.employment_form (
    batch_id bigint not null, row_no integer not null, op varchar not null,
    year integer, inst_code varchar, specialty_code varchar, form_row integer, col_no integer,
    value bigint, text varchar
);

-- optional per-graduate flags (old files without them keep loading: the values stay null)
alter table raw.graduates add column health_limitations boolean;
alter table raw.graduates add column disability varchar;        -- none | disabled | disabled_child
alter table raw.graduates add column disability_kind varchar;   -- vision | hearing | ... | other
alter table raw.graduates add column target_contract boolean;
alter table raw.graduates add column abilympics boolean;

-- what an upload was told besides its file (e.g. the form's reporting year), to replay it on rebuild
alter table upload_batches add column options varchar;          -- JSON object or null
