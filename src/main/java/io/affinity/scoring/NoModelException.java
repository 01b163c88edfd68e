package io.affinity.scoring;

/** A use case with no production model that can serve (none promoted yet, or every candidate refused). */
public class NoModelException extends RuntimeException {
    public NoModelException(String message) {
        super(message);
    }
}
