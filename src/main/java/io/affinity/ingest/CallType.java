package io.affinity.ingest;

import java.util.Locale;
import java.util.Optional;

/** The six calls of the Segment spec. */
public enum CallType {
    TRACK,
    IDENTIFY,
    PAGE,
    SCREEN,
    GROUP,
    ALIAS;

    /** Parses a call type as sent in {@code type} or in the endpoint path; empty when it is none of the six. */
    public static Optional<CallType> parse(String value) {
        for (CallType t : values()) {
            if (t.dbName().equals(value.toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
