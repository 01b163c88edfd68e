package io.affinity.models;

/** A use case, version or production model that does not exist (mapped to 404). */
public class UnknownModelException extends ModelException {
    public UnknownModelException(String message) {
        super(message);
    }
}
