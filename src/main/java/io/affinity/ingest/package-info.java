/**
 * Ingestion: the Segment-compatible tracking API, bulk imports from S3 and local files, validation, dedup on
 * messageId per source, privacy (erasure, suppression), and the event store. Owns the tables event, source,
 * write_key, import_job, rejection, customer, suppression and suppression_state; publishes the view event_log, which
 * every other capability reads the events through, and the read model IngestOverview for the dashboard.
 */
package io.affinity.ingest;
