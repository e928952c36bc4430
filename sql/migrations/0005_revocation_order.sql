-- The order of a revocation among uploads, to the batch: audit times have one-second resolution,
-- so rebuild replays each revocation right after the last batch that existed when it was made.
alter table upload_batches add column revoked_after_batch bigint;
