-- An import's line errors stay readable after its answer: each rejection of a bulk file names its import job.
alter table rejection add column import_job_id bigint references import_job (id) on delete cascade;
create index rejection_import_job_idx on rejection (import_job_id, position) where import_job_id is not null;

-- Lines from suppressed (erased) identities are counted, so lines = accepted + duplicates + suppressed + rejected.
alter table import_job add column suppressed bigint not null default 0;
