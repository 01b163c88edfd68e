-- An event time more than a few minutes ahead of the server's clock (a client with a wrong clock) is stored at its
-- receive time; the time the client claimed is kept here, so the correction is recorded, not hidden.
alter table event add column claimed_ts timestamptz;
