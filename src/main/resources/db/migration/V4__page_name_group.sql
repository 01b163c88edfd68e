-- The page/screen name and the group id of page, screen and group calls: top-level fields of the Segment spec that
-- carry meaning of their own.
alter table event add column name text;
alter table event add column group_id text;
