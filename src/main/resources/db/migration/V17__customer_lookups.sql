-- The customer page: find customers by a trait (ingest's customer), and the segments a customer is in (segments).
create index customer_traits on customer using gin (traits jsonb_path_ops);
create index segment_member_customer on segment_member (customer_id);
