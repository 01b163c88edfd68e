package io.affinity.training.eval;

import io.affinity.platform.ApiException;

/**
 * An export whose ONNX scores do not match the trainer's (a classifier's or the recommender's): nothing is
 * registered, and the answer is a 422 (export_failed) rather than a model that would serve other scores.
 */
public class ParityException extends ApiException {
    public ParityException(String message) {
        super(422, "export_failed", message);
    }
}
