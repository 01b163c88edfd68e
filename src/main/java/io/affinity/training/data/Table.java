package io.affinity.training.data;

import java.util.List;

/**
 * A training table read under its schema: raw feature values per row (numbers then categories, schema order),
 * the 0/1 label and the id of every row, in file order (row {@code i} is data row {@code i}, header excluded).
 *
 * @param records every row's whole record (all its fields, the columns the schema ignores too), to tell a repeated
 *     line from two customers whose declared features happen to agree
 */
public record Table(TableSchema schema, List<Object[]> raw, int[] labels, List<String> ids, List<String> records) {

    public int size() {
        return labels.length;
    }

    public int positives() {
        int n = 0;
        for (int y : labels) n += y;
        return n;
    }
}
