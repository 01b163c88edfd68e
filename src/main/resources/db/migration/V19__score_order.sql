-- Scoring: a run's scores in probability order, so "a segment's members, highest churn first" walks the latest run's
-- scores from the top until it has a page of members instead of joining and sorting every member. It replaces the
-- index on run_id alone (its prefix serves the same lookups), so batch runs still write one index.
create index customer_score_run_probability on customer_score (run_id, probability desc, customer_id);
drop index customer_score_run;
