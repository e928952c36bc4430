-- Accounts, sessions and sign-in events moved to their own store (mart/authstore.py, SQLite beside
-- the mart; rows copied there before this migration runs, see build.prepare_schema). The analytics
-- file that analysts open no longer holds password hashes or who signed in when.
drop table if exists auth_events;
drop table if exists auth_sessions;
drop table if exists accounts;
