package io.affinity.ingest;

import java.time.Instant;

/** Small named builders of Segment calls for tests. */
public final class Events {

    private Events() {}

    public static String track(String messageId, String userId, String event, String properties) {
        return "{\"type\":\"track\",\"messageId\":\"" + messageId + "\",\"userId\":\"" + userId + "\",\"event\":\""
                + event + "\",\"properties\":" + properties + ",\"timestamp\":\"" + Instant.now() + "\"}";
    }

    public static String identify(String messageId, String userId, String traits) {
        return "{\"type\":\"identify\",\"messageId\":\"" + messageId + "\",\"userId\":\"" + userId + "\",\"traits\":"
                + traits + "}";
    }

    public static String batch(String... events) {
        return "{\"batch\":[" + String.join(",", events) + "]}";
    }
}
