package io.affinity.training;

import io.affinity.models.ModelCard;
import io.affinity.models.ModelRegistry;
import java.util.List;

/**
 * What a training job did: the registered version and the registry's decision, and every algorithm tried.
 *
 * @param status "production" or "candidate"
 * @param reason why it was (not) promoted
 */
public record TrainingReport(
        String useCase,
        int version,
        String status,
        String reason,
        String algorithm,
        String primaryMetric,
        double primaryValue,
        List<AlgorithmResult> algorithms) {

    /** One algorithm's figures; validation chose the winner, the holdout figure is reported. */
    public record AlgorithmResult(
            String algorithm, Double validation, double holdout, long searchMillis, long fitMillis) {}

    /** The report of a registered model: its card's figures, the registry's decision, and what was tried. */
    static TrainingReport of(ModelRegistry.Registration registration, List<AlgorithmResult> algorithms) {
        ModelCard card = registration.card();
        return new TrainingReport(
                card.useCase(),
                card.version(),
                registration.status(),
                registration.reason(),
                card.algorithm(),
                card.primaryMetric(),
                card.primaryValue(),
                algorithms);
    }

    /** One line for the progress log. */
    String registered() {
        return String.format("registered %s v%d as %s: %s", useCase, version, status, reason);
    }

    /** The classifier candidates as report lines, best first. */
    static List<AlgorithmResult> of(List<ClassifierTraining.Candidate> candidates) {
        return candidates.stream()
                .map(c -> new AlgorithmResult(
                        c.algorithm(), c.validationAuc(), c.holdout().rocAuc(), c.searchMillis(), c.fitMillis()))
                .toList();
    }
}
