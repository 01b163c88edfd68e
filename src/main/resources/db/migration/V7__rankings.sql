-- Batch runs of the ranking use cases: each customer's top products (recommend) or promotions (ctr), best first.
-- Runs append like customer_score, recorded in score_run; backends read the newest run's list.
create table customer_ranking (
    run_id         bigint           not null references score_run (id) on delete cascade,
    customer_id    text             not null,
    use_case       text             not null,
    rank           smallint         not null,
    item_id        text             not null,
    score          double precision not null,
    method         text             not null,
    scored_at      timestamptz      not null,
    primary key (run_id, customer_id, rank)
);
create index customer_ranking_customer on customer_ranking (customer_id, use_case, scored_at desc);
