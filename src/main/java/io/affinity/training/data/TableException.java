package io.affinity.training.data;

import io.affinity.training.errors.TrainingException;

/** A training table that cannot be read as its schema declares; the message names the file, line and column. */
public class TableException extends TrainingException {
    public TableException(String location, String problem) {
        super(location + ": " + problem);
    }
}
