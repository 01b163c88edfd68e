package io.affinity.training.events;

import java.time.Instant;
import java.util.List;

/**
 * A point-in-time labelled set from the event store: raw inputs computed from events at or before
 * {@code cutoff}, labels from events in {@code (cutoff, end]}, and a simple baseline score per row.
 *
 * @param inputs names of the raw inputs, numbers first ({@code numeric} of them)
 * @param baseline the baseline's score per row (higher = more likely positive)
 */
public record Labelled(
        List<String> inputs,
        int numeric,
        List<String> ids,
        List<Object[]> raw,
        int[] labels,
        double[] baseline,
        String baselineName,
        Instant cutoff,
        Instant end) {

    public int positives() {
        int n = 0;
        for (int y : labels) n += y;
        return n;
    }
}
