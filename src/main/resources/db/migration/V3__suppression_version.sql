-- Bumped with every change to suppression, so ingestion can keep the (small) set in memory and check one number per
-- batch instead of probing the table for every identity.
create table suppression_state (
    singleton  boolean primary key default true check (singleton),
    version    bigint not null
);
insert into suppression_state (version) values (0);
