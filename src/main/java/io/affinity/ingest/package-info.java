/**
 * Ingestion: the Segment-compatible tracking API, bulk imports from S3 and local files, validation, dedup on
 * messageId per source, and the event store every other capability reads from.
 */
package io.affinity.ingest;
