package io.affinity.training;

import io.affinity.features.FeaturePipeline;
import io.affinity.models.ModelCard;
import io.affinity.models.UseCase;
import io.affinity.training.data.LabelledData;
import java.util.List;

/**
 * A classifier's training set as a source prepared it, a table ({@link TableTraining}) or the event store
 * ({@link EventTraining}): what {@link ClassifierFlow} trains, evaluates and registers.
 *
 * @param pipeline fitted on the training rows; its inputs are what the model takes
 * @param holdoutRaw the holdout's raw inputs (before the pipeline), on which production is scored for comparison
 * @param outcome what a positive label means ("the customer completes an order within 14 days")
 * @param baseline a one-feature baseline scored on the same holdout; null when the source has none
 */
public record ClassifierSet(
        UseCase useCase,
        LabelledData train,
        LabelledData holdout,
        FeaturePipeline pipeline,
        List<Object[]> holdoutRaw,
        String outcome,
        ModelCard.DataWindow data,
        String holdoutId,
        Baseline baseline,
        List<String> notes) {

    /** A baseline's ROC AUC on the holdout. */
    public record Baseline(String name, double rocAuc) {}
}
