package io.affinity.ingest;

import java.nio.charset.StandardCharsets;

/**
 * A JSON value exactly as the producer sent it: a slice of the request bytes. Sub-objects (properties, traits,
 * context) are stored verbatim, so they are neither rebuilt as trees nor serialized again on the hot path.
 */
public record RawJson(byte[] buf, int off, int len) {

    public static RawJson of(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return new RawJson(b, 0, b.length);
    }

    @Override
    public String toString() {
        return new String(buf, off, len, StandardCharsets.UTF_8);
    }
}
