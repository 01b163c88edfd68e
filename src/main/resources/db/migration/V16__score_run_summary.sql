-- What a batch run saw, measured while it scored (scoring.RunSummary): the distribution of its scores and each model
-- input's drift from the model's training split. Read by the model pages without touching the scores again.
alter table score_run add column summary jsonb;
