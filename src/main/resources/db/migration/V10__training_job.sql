-- Trainings started over HTTP run as jobs: the request answers 202 at once, and a job is kept after it ends with
-- its progress and result (or why it failed), so a person can follow it, stop it, and read what it registered.
create table training_job (
    id              bigserial primary key,
    kind            text not null,
    use_case        text not null,
    request         jsonb not null,
    status          text not null,
    stop_requested  boolean not null default false,
    progress        jsonb not null default '[]',
    result          jsonb,
    error           text,
    created_at      timestamptz not null default now(),
    started_at      timestamptz,
    updated_at      timestamptz not null default now(),
    finished_at     timestamptz
);
