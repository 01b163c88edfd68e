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
        for (CallType t : VALUES) {
            if (t.dbName.equalsIgnoreCase(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static final CallType[] VALUES = values();
    private final String dbName = name().toLowerCase(Locale.ROOT);

    public String dbName() {
        return dbName;
    }
}
