package io.affinity.scoring;

import java.time.Instant;
import java.util.List;

/**
 * A customer's score for propensity or churn.
 *
 * @param probability what the model's output means is in its card ({@code outputMeaning})
 * @param band low, medium or high by the configured cut-offs
 * @param reasons the inputs that moved this score most, strongest first
 * @param asOf the time of the customer's features
 */
public record CustomerScore(
        String useCase,
        String customerId,
        double probability,
        String band,
        List<Reason> reasons,
        int modelVersion,
        String algorithm,
        Instant asOf) {

    /**
     * @param effect the score minus the score with this input at its typical (training median) value: positive
     *     pushes the score up
     */
    public record Reason(
            String feature, String description, double value, double typical, double effect, String text) {}
}
