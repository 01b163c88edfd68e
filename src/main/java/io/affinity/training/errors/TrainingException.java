package io.affinity.training.errors;

import io.affinity.platform.ApiException;

/**
 * A training the caller asked for that cannot run as asked: an unknown algorithm, a file that is not there, too
 * little history, labels of one kind only. A 400 over HTTP; the command prints it; a queued job records it as the
 * reason it failed. (A record's own validation, such as a job's field out of range, stays an
 * IllegalArgumentException, which the JSON binding reports with the field's path.)
 */
public class TrainingException extends ApiException {
    public TrainingException(String detail) {
        super(400, detail);
    }
}
