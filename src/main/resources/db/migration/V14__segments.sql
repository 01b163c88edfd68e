-- Read models the segments are built on, each published by the package that owns its table.

-- Published by features: each customer's behaviour as of the latest aggregate refresh.
create view customer_behaviour as
select customer_id, as_of, first_seen, last_seen, recency_days, events_7d, events_30d, events_90d, active_days_30d,
       product_views_30d, cart_adds_30d, orders_30d, orders_90d, orders_total, revenue_30d, revenue_90d,
       revenue_total, promo_views_30d, promo_clicks_30d, last_order_at, subscribed, cancelled_at, kind_counts_90d,
       category_counts_90d
  from customer_aggregate;

-- Published by ingest: each customer's traits, merged from their identify calls.
create view customer_profile as
select customer_id, traits, created_at, updated_at from customer;

-- Published by scoring: the latest finished batch run of each use case, and every customer's probability and band
-- from it.
create view latest_score_run as
select id as run_id, use_case, model_version, customers, finished_at
  from score_run
 where id in (select max(id) from score_run where status = 'done' group by use_case);

create view latest_score as
select s.customer_id, s.use_case, s.probability, s.band, s.model_version, s.run_id, s.scored_at
  from customer_score s
 where s.run_id in (select run_id from latest_score_run);

-- Owned by segments. A segment is a saved rule over customers (JSON, see segments.Rule).
create table segment (
    id           bigserial   primary key,
    name         text        not null unique,
    description  text,
    rule         jsonb       not null,
    created_by   text        not null,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

-- Who is in a segment as of its latest refresh, since when.
create table segment_member (
    segment_id   bigint      not null references segment (id) on delete cascade,
    customer_id  text        not null,
    since        timestamptz not null,
    primary key (segment_id, customer_id)
);

-- Every refresh of a segment: its size, who entered and left, and the model versions whose scores it used.
create table segment_refresh (
    id              bigserial   primary key,
    segment_id      bigint      not null references segment (id) on delete cascade,
    refreshed_at    timestamptz not null,
    size            integer     not null,
    entered         integer     not null,
    left_count      integer     not null,
    model_versions  jsonb       not null,
    millis          integer     not null,
    trigger         text        not null
);
create index segment_refresh_segment on segment_refresh (segment_id, refreshed_at desc);

-- Who entered or left a segment at a refresh.
create table segment_change (
    refresh_id   bigint  not null references segment_refresh (id) on delete cascade,
    customer_id  text    not null,
    entered      boolean not null,
    primary key (refresh_id, customer_id)
);
