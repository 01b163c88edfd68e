package io.affinity.models;

import io.affinity.platform.ApiException;

/**
 * A model that cannot be loaded, checked or run (422 over HTTP); the message names the model (use case and version).
 */
public class ModelException extends ApiException {

    public ModelException(String message) {
        super(422, "model_error", message);
    }

    public ModelException(String message, Throwable cause) {
        super(422, "model_error", message, cause);
    }

    /** For the registry's other refusals (an unknown version, a conflicting promotion). */
    protected ModelException(int status, String message) {
        super(status, message);
    }
}
