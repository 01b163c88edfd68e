package io.affinity.ingest;

import java.time.Instant;

/**
 * What a request gives every event in it.
 *
 * @param forcedType the call type named by the endpoint ({@code /v1/track}), or null for a batch
 * @param sentAt the batch's {@code sentAt}, used when an event has none
 * @param context the batch's {@code context}, used when an event has none
 */
public record BatchContext(Instant receivedAt, CallType forcedType, Instant sentAt, RawJson context) {}
