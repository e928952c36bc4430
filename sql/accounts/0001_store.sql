-- The accounts store (SQLite in WAL mode, beside the mart): who may sign in, their sessions, every
-- sign-in event and the back-off counters. Not data from files, and never part of the analytics file.
-- Times are ISO 8601 text in the region's office clock (config.now()).
create table accounts (
    login               text primary key,
    role                text not null,
    inst_code           text,              -- the institution of an institution account
    display_name        text,
    password_hash       text not null,     -- argon2id, salted; never the password
    is_active           integer not null default 1,
    is_demo             integer not null default 0,
    created_by          text not null,
    created_at          text not null,
    updated_at          text,
    password_changed_at text
);

create table sessions (
    session_hash text primary key,          -- sha256 of the random session id the browser holds
    login        text not null references accounts (login),
    created_at   text not null,
    expires_at   text not null,
    ended_at     text,
    end_reason   text,                      -- signed_out | disabled | password_changed | demo_retired
    client       text                       -- the client's address as the server saw it
);
create index sessions_open on sessions (login) where ended_at is null;

create table events (
    event_id integer primary key autoincrement,
    login    text not null,                 -- as typed: failures for logins that do not exist are kept too
    event    text not null,                 -- signed_in | failed | locked_out | signed_out | created |
                                            -- password_changed | disabled | enabled | imported
    event_at text not null,
    detail   text,
    client   text
);
create index events_login on events (login, event, event_at);

-- Back-off counters: 'client:<address>' and 'account:<login>' for browsers the account has not
-- signed in from; 'device:<id>' for a browser it has (its device cookie).
create table throttles (
    key             text primary key,
    failures        integer not null,
    last_failure_at text not null,
    blocked_until   text
);

create table meta (
    key   text primary key,
    value text not null
);
