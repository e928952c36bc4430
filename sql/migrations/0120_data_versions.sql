-- The data version of each dataset, seed table and versioned stored table (issue 15, item 4).
-- Every write of the mart moves on the versions of what it changed, in the same published file
-- (mart.db.touch); a cached read is kept while the versions of what it reads stay the same
-- (mart.queries). A name is a dataset ('graduates': raw.graduates and its batches), a seed table
-- ('seed.ugs') or a stored table of main ('kpi_weights'); a version is unique to the write that set it.
create table data_versions (
    name       varchar primary key,
    version    bigint not null,
    changed_at timestamp not null
);
