package io.affinity.scoring;

import io.affinity.platform.ApiException;

/** A scoring request that cannot be answered as asked; {@code status} is the HTTP status it maps to. */
public class ScoringException extends ApiException {

    public ScoringException(int status, String message) {
        super(status, message);
    }
}
