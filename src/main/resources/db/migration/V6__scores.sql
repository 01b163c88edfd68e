-- Batch scoring: every run of a use case over all customers, and the scores it wrote. Runs append, so a
-- customer's scores over time are the history marketers see trends in.
create table score_run (
    id             bigserial   primary key,
    use_case       text        not null,
    model_version  integer     not null,
    status         text        not null check (status in ('running', 'done', 'failed')),
    customers      integer     not null default 0,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    error          text
);

create table customer_score (
    run_id         bigint           not null references score_run (id) on delete cascade,
    customer_id    text             not null,
    use_case       text             not null,
    model_version  integer          not null,
    probability    double precision not null,
    band           text             not null,
    scored_at      timestamptz      not null
);
create index customer_score_customer on customer_score (customer_id, use_case, scored_at desc);
create index customer_score_run on customer_score (run_id);
