-- Papers the system gave the council: every meeting pack and commission protocol made (PDF), kept
-- so that anyone can later see exactly what was handed out at which meeting. The file itself is
-- stored next to the mart as papers/<sha256>.pdf; this row says what it is, who made it and when,
-- and the version of the data it was made from (the last upload batch it could see).
create table papers (
    paper_id        integer primary key,
    kind            varchar not null,   -- meeting_pack | kpi_protocol
    title           varchar not null,
    as_of           date not null,      -- the date the figures are for (the meeting's date)
    file_name       varchar not null,
    sha256          varchar not null,
    bytes           bigint not null,
    pages           integer not null,
    created_by      varchar not null,
    created_at      timestamp not null,
    last_batch_id   bigint,             -- data version: the newest upload batch the paper could see
    data_version    varchar not null,   -- the same in words, with the methodology version
    filters         varchar,            -- the filters in force, as the paper prints them
    evaluation_id   integer             -- a protocol's saved evaluation
);
