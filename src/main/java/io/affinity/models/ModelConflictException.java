package io.affinity.models;

/** A promotion or rollback that contradicts the registry's state (409); nothing was changed. */
public class ModelConflictException extends ModelException {
    public ModelConflictException(String message) {
        super(409, message);
    }
}
