package io.affinity.scoring;

import io.affinity.features.InputProfile;
import java.time.Instant;
import java.util.List;

/**
 * What a batch run saw, measured in the same pass that scored it: how its scores are distributed and how far each
 * model input has moved from the model's training split.
 *
 * @param histogram customers per score bin, {@value #BINS} equal bins over [0, 1]
 * @param drift per input, PSI against the training split; empty when the model's card has no training profile
 */
public record ScoredPopulation(
        long runId,
        String useCase,
        int modelVersion,
        Instant finishedAt,
        int customers,
        List<Long> histogram,
        List<InputProfile.Drift> drift) {

    public static final int BINS = 20;

    /** The histogram bin of a probability. */
    static int bin(double p) {
        return Math.min(BINS - 1, Math.max(0, (int) (p * BINS)));
    }

    /** What the writer measured, before the run is recorded. */
    record Measured(List<Long> histogram, List<InputProfile.Drift> drift) {}
}
