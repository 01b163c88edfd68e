-- An import touches its job after every committed chunk (every 2,000 lines, well under a second apart); a running job
-- untouched for minutes belongs to a process that died (kill -9), and is ended as failed with why.
alter table import_job add column updated_at timestamptz not null default now();
