/**
 * Customer features: identity resolution and behavioural aggregates (recency, frequency, monetary value, counts per
 * event kind and category) computed from the event store as of a point in time — one definition for training and
 * scoring — and what the events say of products (the catalogue, what each customer bought and viewed last). Owns the
 * tables customer_aggregate and identity_link; publishes the view customer_event (each event with its customer).
 * Reads the events through ingest's published view event_log.
 */
package io.affinity.features;
