package io.affinity.models;

/**
 * What serving requires of a version before it may go into production. Implemented by scoring, which knows what it
 * feeds each use case's model; the registry runs it on every promotion, explicit or automatic, and on rollback.
 */
public interface ServingCheck {

    /**
     * @throws ModelException saying why {@code card}'s model cannot serve {@code useCase}
     */
    void check(UseCase useCase, ModelCard card, byte[] onnx);
}
