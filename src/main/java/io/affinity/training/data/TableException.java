package io.affinity.training.data;

/** A training table that cannot be read as its schema declares; the message names the file, line and column. */
public class TableException extends IllegalArgumentException {
    public TableException(String location, String problem) {
        super(location + ": " + problem);
    }
}
