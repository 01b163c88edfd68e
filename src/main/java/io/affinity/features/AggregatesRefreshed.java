package io.affinity.features;

import java.time.Instant;

/** Fired inside the transaction of an aggregate refresh: observers after its success read the new aggregates. */
public record AggregatesRefreshed(Instant asOf, int customers) {}
