-- Published by scoring: every customer's ranked products (recommend) and promotions (ctr) from the latest finished
-- batch run of each ranking use case.
create view latest_ranking as
select r.customer_id, r.use_case, r.rank, r.item_id, r.score, r.method, r.run_id
  from customer_ranking r
 where r.run_id in (select run_id from latest_score_run);
