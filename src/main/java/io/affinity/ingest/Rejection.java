package io.affinity.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.affinity.platform.StoredText;

/**
 * Why one event was refused and where: its index in a batch or its line in a file, and the offending field.
 *
 * @param index position in the batch (0-based) or line number in a file (1-based)
 * @param field the JSON path of the offending field, or null when the event as a whole is wrong
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(int index, String field, String error) {

    /** Field paths and reasons quote what was sent; NUL and broken surrogates are shown as escapes, never stored raw. */
    public Rejection {
        field = StoredText.visible(field);
        error = StoredText.visible(error);
    }
}
