package io.affinity.scoring;

/** A scoring request that cannot be answered as asked; {@code status} is the HTTP status it maps to. */
public class ScoringException extends RuntimeException {

    private final int status;

    public ScoringException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
