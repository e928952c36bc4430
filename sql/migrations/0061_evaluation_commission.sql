-- The commission that considered a saved KPI evaluation: its members in the order entered (the first
-- one chairs), printed on the protocol with a signature line each.
create table kpi_evaluation_members (
    evaluation_id integer not null,
    member_no     integer not null,
    full_name     varchar not null,
    position      varchar,
    primary key (evaluation_id, member_no)
);
