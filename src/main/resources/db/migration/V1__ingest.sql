-- Sources are event producers (a website, an app, a server); each has write keys, stored only as SHA-256 hashes.
create table source (
    id          bigserial primary key,
    name        text not null unique,
    created_at  timestamptz not null default now()
);

create table write_key (
    id          bigserial primary key,
    source_id   bigint not null references source (id) on delete cascade,
    key_hash    bytea not null unique,
    key_prefix  text not null,
    created_at  timestamptz not null default now(),
    revoked_at  timestamptz
);

-- Every accepted event, once: (source_id, message_id) is the dedup key.
-- Typed columns hold the e-commerce v2 fields that models learn from; the rest stays in jsonb.
create table event (
    source_id          bigint not null,
    message_id         text not null,
    type               text not null,
    kind               text not null,
    event              text,
    user_id            text,
    anonymous_id       text,
    previous_id        text,
    ts                 timestamptz not null,
    received_at        timestamptz not null,
    sent_at            timestamptz,
    original_timestamp timestamptz,
    product_id         text,
    category           text,
    price              double precision,
    quantity           integer,
    order_id           text,
    revenue            double precision,
    promotion_id       text,
    properties         jsonb,
    traits             jsonb,
    context            jsonb,
    primary key (source_id, message_id)
);
create index event_user_idx on event (user_id) where user_id is not null;
create index event_anonymous_idx on event (anonymous_id) where anonymous_id is not null;
create index event_ts_idx on event using brin (ts);

-- Events (or whole requests) that were refused, with where and why, for the dashboard and for producers.
create table rejection (
    id           bigserial primary key,
    source_id    bigint,
    received_at  timestamptz not null,
    origin       text not null,
    position     integer,
    field        text,
    error        text not null,
    excerpt      text
);
create index rejection_received_idx on rejection (received_at);

-- Customer profile: latest traits from identify calls, merged key by key.
create table customer (
    customer_id  text primary key,
    traits       jsonb not null default '{}'::jsonb,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

-- Identities that stopped being tracked after a deletion request.
create table suppression (
    identity     text primary key,
    reason       text not null,
    created_at   timestamptz not null default now()
);

-- Bulk imports (S3 objects or local files) and their progress.
create table import_job (
    id           bigserial primary key,
    source_id    bigint not null references source (id),
    origin       text not null,
    format       text not null,
    status       text not null,
    lines        bigint not null default 0,
    accepted     bigint not null default 0,
    duplicates   bigint not null default 0,
    rejected     bigint not null default 0,
    error        text,
    started_at   timestamptz not null default now(),
    finished_at  timestamptz
);
