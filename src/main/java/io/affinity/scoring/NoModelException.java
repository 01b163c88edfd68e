package io.affinity.scoring;

import io.affinity.platform.ApiException;

/** A use case with no production model that can serve (none promoted yet, or every candidate refused): 503. */
public class NoModelException extends ApiException {
    public NoModelException(String message) {
        super(503, "no_model", message);
    }
}
