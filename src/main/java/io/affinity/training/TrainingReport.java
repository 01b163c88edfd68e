package io.affinity.training;

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
}
