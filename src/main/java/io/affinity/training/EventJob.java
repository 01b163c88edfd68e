package io.affinity.training;

import java.time.Instant;
import java.util.List;

/**
 * A request to train a use case on the event store.
 *
 * @param horizonDays the label window after each cut-off; the holdout cut-off is the latest event minus one
 *     horizon, the training cut-off one horizon earlier (an out-of-time holdout)
 * @param end where the usable history ends; absent means the latest event
 * @param trials hyperparameter sets tried per classifier (1..200; recommend has its own early-stopped protocol)
 * @param algorithms algorithms to try (empty: all): classifiers, or for recommend {@code neumf} and
 *     {@code neumf-recent}
 * @param folds classifiers: 1 for one validation split (the default), k in 2..10 for stratified k-fold
 *     cross-validation of the training rows
 */
public record EventJob(
        String useCase,
        Integer horizonDays,
        Instant end,
        Integer trials,
        List<String> algorithms,
        Long seed,
        Integer folds) {

    public EventJob {
        if (useCase == null) throw new IllegalArgumentException("'useCase' is required");
        if (horizonDays != null && (horizonDays < 1 || horizonDays > 365))
            throw new IllegalArgumentException("'horizonDays' must be in 1..365");
        algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
        if (trials != null && (trials < 1 || trials > 200))
            throw new IllegalArgumentException("'trials' must be in 1..200");
        if (folds != null && (folds < 1 || folds > 10))
            throw new IllegalArgumentException("'folds' must be in 1..10 (1: one validation split)");
    }

    /** A job with one validation split. */
    public EventJob(
            String useCase, Integer horizonDays, Instant end, Integer trials, List<String> algorithms, Long seed) {
        this(useCase, horizonDays, end, trials, algorithms, seed, null);
    }

    public int horizon() {
        return horizonDays == null ? 14 : horizonDays;
    }

    /** The choices this job makes about the classifier training. */
    public ClassifierOptions options() {
        return new ClassifierOptions(algorithms, trials, seed, folds);
    }
}
