package io.affinity.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.affinity.features.FeaturePipeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a model is, written next to its {@code model.onnx}: enough to serve it (inputs, preprocessing, output)
 * and to trust it (data window, split, hyperparameters, metrics with their baseline, sha256 of the file).
 *
 * @param version assigned by the registry (1, 2, ...); 0 in a draft
 * @param sha256 of model.onnx, hex; set by the registry
 * @param inputs ONNX input tensors by name with their meaning ("features": the pipeline's vector; "user",
 *     "item": dense ids)
 * @param preprocessing the fitted feature pipeline, for models over feature vectors; null for id-based models
 * @param output which output tensor and column is the score
 * @param outputMeaning the score in words ("probability the customer churns within 30 days")
 * @param data the training data: source, window or file, split, row counts
 * @param primaryMetric the metric promotion compares ("roc_auc", "ndcg@10")
 * @param holdoutId fingerprint of the holdout rows; candidates are only compared on the same holdout
 * @param metrics every evaluation figure (holdout, baseline, curves), as JSON
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelCard(
        String useCase,
        int version,
        String algorithm,
        Instant createdAt,
        String sha256,
        long sizeBytes,
        Map<String, String> inputs,
        FeaturePipeline preprocessing,
        ScoreOutput output,
        String outputMeaning,
        DataWindow data,
        Map<String, Object> hyperparameters,
        String primaryMetric,
        double primaryValue,
        String holdoutId,
        JsonNode metrics,
        List<String> notes) {

    /**
     * @param source "events" or a file location
     * @param from start of the event window (null for tables)
     * @param cutoff features before, labels after (null for tables)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataWindow(
            String source,
            Instant from,
            Instant cutoff,
            Instant to,
            String split,
            int trainRows,
            int holdoutRows,
            Double positiveRate) {}

    public ModelCard withRegistration(int version, String sha256, long sizeBytes, Instant createdAt) {
        return new ModelCard(
                useCase,
                version,
                algorithm,
                createdAt,
                sha256,
                sizeBytes,
                inputs,
                preprocessing,
                output,
                outputMeaning,
                data,
                hyperparameters,
                primaryMetric,
                primaryValue,
                holdoutId,
                metrics,
                notes);
    }
}
