/**
 * Shared plumbing every capability uses: the start-up entry point, the embedded PostgreSQL and S3-compatible store,
 * the S3 client, and the JSON error contract.
 */
package io.affinity.platform;
