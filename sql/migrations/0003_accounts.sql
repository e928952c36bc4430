-- Accounts, sign-in sessions and the record of sign-in events (not data from files: kept by rebuild).
create table accounts (
    login         varchar primary key,
    role          varchar not null,       -- council | coordinator | regional_center | institution
    inst_code     varchar,                -- the institution of an institution account
    display_name  varchar,
    password_hash varchar not null,       -- argon2id, salted; never the password
    is_active     boolean not null default true,
    is_demo       boolean not null default false,
    created_by    varchar not null,
    created_at    timestamp not null,
    updated_at    timestamp
);

create table auth_sessions (
    session_id varchar primary key,       -- random; the browser holds it in a signed cookie
    login      varchar not null,
    created_at timestamp not null,
    expires_at timestamp not null,
    ended_at   timestamp,
    end_reason varchar                    -- signed_out | expired | disabled
);

create table auth_events (
    event_id bigint primary key,
    login    varchar not null,
    event    varchar not null,            -- signed_in | failed | locked_out | signed_out | created | password_changed | disabled | enabled
    event_at timestamp not null,
    detail   varchar
);
