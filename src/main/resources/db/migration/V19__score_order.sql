-- Scoring: a run's scores in probability order, so "a segment's members, highest churn first" walks the latest run's
-- scores from the top until it has a page of members instead of joining and sorting every member (2.2 s for a page
-- of a 100,000-member segment over a million customers; 49 ms with it). It replaces the index on run_id alone (its
-- prefix serves the same lookups), so batch runs still write one index per score. Without customer_id in it the
-- planner drove the members query from the members instead (0.9 s). Open: with it, the first CSV exports of a
-- 100,000-member segment after seeding took 17-25 s instead of 2-3 s in the benchmark; the cause is not found yet.
create index customer_score_run_probability on customer_score (run_id, probability desc, customer_id);
drop index customer_score_run;
