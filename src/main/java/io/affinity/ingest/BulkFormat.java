package io.affinity.ingest;

import java.util.Locale;

/** The bulk file formats: one Segment event per line, or CSV with a header row. */
public enum BulkFormat {
    NDJSON,
    CSV;

    /** By file name: {@code .ndjson}, {@code .jsonl}, {@code .json} or {@code .csv}, optionally {@code .gz}. */
    public static BulkFormat ofName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".csv")) {
            return CSV;
        }
        if (n.endsWith(".ndjson") || n.endsWith(".jsonl") || n.endsWith(".json")) {
            return NDJSON;
        }
        throw IngestException.badRequest(
                "cannot tell the format of '" + name + "': name it .ndjson, .jsonl or .csv (optionally .gz)");
    }
}
