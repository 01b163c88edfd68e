package io.affinity.models;

/** A model that cannot be loaded, checked or run; the message names the model (use case and version). */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
