package io.affinity.models;

/** A use case, version or production model that does not exist (404). */
public class UnknownModelException extends ModelException {
    public UnknownModelException(String message) {
        super(404, message);
    }
}
