/**
 * The marketers' dashboard: Qute pages over the read models the capabilities publish for it (ingestion's
 * {@link io.affinity.ingest.IngestOverview}, the customer count of features); it owns no table and queries none.
 */
package io.affinity.dashboard;
