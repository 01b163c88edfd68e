-- Published by segments: who is in each segment as of its latest refresh.
create view segment_membership as
select segment_id, customer_id, since from segment_member;

-- Owned by campaigns. A campaign is an offer to a segment's members over a window, with a holdout withheld from it.
-- The audience is the segment's members at launch; each is assigned by hashing the customer id with the campaign's
-- salt into a bucket 0..9999, buckets below holdout_buckets being the holdout (campaigns.Assignment).
create table campaign (
    id               bigserial   primary key,
    name             text        not null unique,
    segment_id       bigint      not null,
    segment_name     text        not null,
    promotion_id     text,
    offer_text       text,
    starts_at        timestamptz not null,
    ends_at          timestamptz not null,
    holdout_buckets  integer     not null check (holdout_buckets between 0 and 9000),
    salt             text        not null,
    treated          integer     not null,
    holdout          integer     not null,
    created_by       text        not null,
    created_at       timestamptz not null default now(),
    check (ends_at > starts_at),
    check (promotion_id is not null or offer_text is not null)
);

create table campaign_member (
    campaign_id  bigint  not null references campaign (id) on delete cascade,
    customer_id  text    not null,
    bucket       integer not null,
    treated      boolean not null,
    primary key (campaign_id, customer_id)
);
create index campaign_member_customer on campaign_member (customer_id);
