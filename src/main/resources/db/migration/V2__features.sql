-- Identity resolution: every anonymous id (or alias) seen together with a known user id points at that customer.
create table identity_link (
    alias_id     text primary key,
    customer_id  text not null
);
create index identity_link_customer_idx on identity_link (customer_id);

-- Behavioural aggregates per customer as of a point in time: the raw material of every model's features.
create table customer_aggregate (
    customer_id          text primary key,
    as_of                timestamptz not null,
    first_seen           timestamptz not null,
    last_seen            timestamptz not null,
    recency_days         double precision not null,
    events_7d            integer not null,
    events_30d           integer not null,
    events_90d           integer not null,
    active_days_30d      integer not null,
    product_views_30d    integer not null,
    cart_adds_30d        integer not null,
    orders_30d           integer not null,
    orders_90d           integer not null,
    orders_total         integer not null,
    revenue_30d          double precision not null,
    revenue_90d          double precision not null,
    revenue_total        double precision not null,
    promo_views_30d      integer not null,
    promo_clicks_30d     integer not null,
    last_order_at        timestamptz,
    subscribed           boolean not null,
    cancelled_at         timestamptz,
    kind_counts_90d      jsonb not null,
    category_counts_90d  jsonb not null
);
