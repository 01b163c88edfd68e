-- Each table belongs to one package (ingest, features, models, scoring, training, access). What another package
-- reads is a view its owner publishes here: the owner may change its table as long as it keeps the view, and a
-- package never reads another's table directly (TableOwnershipTest).

-- Published by ingest: every accepted event as stored, without the payloads only ingestion reads (traits, context).
create view event_log as
select source_id, message_id, type, kind, event, user_id, anonymous_id, previous_id, ts, received_at,
       product_id, category, price, quantity, order_id, revenue, promotion_id, properties
  from event;

-- Published by features: who did what, each event with the customer it belongs to (an anonymous event resolved to
-- its customer through the identity links features keeps; an unlinked anonymous id is its own customer).
create view customer_event as
select coalesce(e.user_id, l.customer_id, e.anonymous_id) as customer_id,
       e.source_id, e.message_id, e.kind, e.ts, e.product_id, e.promotion_id, e.category, e.price, e.revenue
  from event_log e
  left join identity_link l on e.user_id is null and l.alias_id = e.anonymous_id;
