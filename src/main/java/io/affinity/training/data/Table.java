package io.affinity.training.data;

import java.util.List;

/**
 * A training table read under its schema: raw feature values per row (numbers then categories, schema order),
 * the 0/1 label and the id of every row, in file order (row {@code i} is data row {@code i}, header excluded).
 */
public record Table(TableSchema schema, List<Object[]> raw, int[] labels, List<String> ids) {

    public int size() {
        return labels.length;
    }

    public int positives() {
        int n = 0;
        for (int y : labels) n += y;
        return n;
    }
}
