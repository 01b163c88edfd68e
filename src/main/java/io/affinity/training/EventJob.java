package io.affinity.training;

import java.time.Instant;
import java.util.List;

/**
 * A request to train a use case on the event store.
 *
 * @param horizonDays the label window after each cut-off; the holdout cut-off is the latest event minus one
 *     horizon, the training cut-off one horizon earlier (an out-of-time holdout)
 * @param end where the usable history ends; absent means the latest event
 * @param algorithms algorithms to try (empty: all): classifiers, or for recommend {@code neumf} and
 *     {@code neumf-recent}
 */
public record EventJob(
        String useCase, Integer horizonDays, Instant end, Integer trials, List<String> algorithms, Long seed) {

    public EventJob {
        if (useCase == null) throw new IllegalArgumentException("'useCase' is required");
        if (horizonDays != null && (horizonDays < 1 || horizonDays > 365))
            throw new IllegalArgumentException("'horizonDays' must be in 1..365");
        algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
    }

    public int horizon() {
        return horizonDays == null ? 14 : horizonDays;
    }
}
