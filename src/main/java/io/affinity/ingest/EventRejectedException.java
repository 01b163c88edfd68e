package io.affinity.ingest;

/** Thrown while reading one event that cannot be accepted; carries the field and the reason. */
public class EventRejectedException extends Exception {

    private final String field;

    public EventRejectedException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
