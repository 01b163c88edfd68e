-- Model registry index. The objects (model.onnx, card.json, production.json) live in S3 under models/<use-case>/;
-- these tables list them and keep the history of promotions and rollbacks.
create table model_version (
    use_case       text             not null,
    version        integer          not null,
    algorithm      text             not null,
    status         text             not null check (status in ('candidate', 'production', 'retired')),
    sha256         text             not null,
    size_bytes     bigint           not null,
    primary_metric text             not null,
    primary_value  double precision not null,
    holdout_id     text             not null,
    card           jsonb            not null,
    created_at     timestamptz      not null default now(),
    promoted_at    timestamptz,
    primary key (use_case, version)
);
-- At most one production model per use case.
create unique index model_version_one_production on model_version (use_case) where status = 'production';

create table model_event (
    id       bigserial   primary key,
    use_case text        not null,
    version  integer     not null,
    action   text        not null check (action in ('registered', 'promoted', 'kept-candidate', 'rolled-back')),
    reason   text        not null,
    at       timestamptz not null default now()
);
create index model_event_use_case on model_event (use_case, id desc);
