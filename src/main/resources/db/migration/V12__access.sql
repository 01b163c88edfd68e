-- Access control (package access). People sign in to the dashboard; backends and scripts send API keys.
-- Secrets are never stored: passwords as bcrypt (modular crypt format), API keys and session tokens as SHA-256
-- (they are 256 random bits: a fast hash leaves nothing to brute-force).
create table app_user (
    id             bigserial primary key,
    name           text not null,
    password_hash  text not null,
    role           text not null check (role in ('viewer', 'marketer', 'admin')),
    created_at     timestamptz not null default now(),
    last_login_at  timestamptz
);
create unique index app_user_name on app_user (lower(name));

create table api_key (
    id            bigserial primary key,
    name          text not null,
    role          text not null check (role in ('score', 'manage', 'admin', 'metrics')),
    key_hash      bytea not null unique,
    key_prefix    text not null,
    created_at    timestamptz not null default now(),
    created_by    text not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

-- A signed-in browser: the cookie holds the token, the row what it may do. Logging out or removing the user ends it.
create table user_session (
    token_hash    bytea primary key,
    user_id       bigint not null references app_user (id) on delete cascade,
    created_at    timestamptz not null default now(),
    last_seen_at  timestamptz not null default now(),
    expires_at    timestamptz not null
);
create index user_session_user on user_session (user_id);
