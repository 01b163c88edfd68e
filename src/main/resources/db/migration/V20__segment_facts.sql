-- Scoring: each ranked product's category as the catalogue had it at the batch run (recommend; null for promotions
-- and products without one), so "recommended category" is a column, not a scan of the events for the catalogue.
alter table customer_ranking add column category text;

create or replace view latest_ranking as
select r.customer_id, r.use_case, r.rank, r.item_id, r.score, r.method, r.run_id, r.category
  from customer_ranking r
 where r.run_id in (select run_id from latest_score_run);

-- Owned by segments. segment_fact is one row per customer with every field a rule may name (behaviour, each
-- probability use case's probability and band, the top recommended category, the traits), rebuilt whole from the
-- published read models after each aggregate refresh and batch run (segments.CustomerFacts writes its DDL from the
-- fields). A live count is one scan of it instead of hash joins of four tables of a million rows each (1.2-1.6 s at
-- a million customers, 0.15-0.2 s over the facts). Each build is recorded here: what it read and when.
create table segment_fact_build (
    id               bigserial   primary key,
    built_at         timestamptz not null,
    behaviour_as_of  timestamptz,
    customers        integer     not null,
    model_versions   jsonb       not null,
    millis           integer     not null,
    trigger          text        not null
);
