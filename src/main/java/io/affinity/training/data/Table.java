package io.affinity.training.data;

import java.util.List;

/**
 * A training table read under its schema: raw feature values per row (numbers then categories, schema order),
 * the 0/1 label and the id of every row, in file order (row {@code i} is data row {@code i}, header excluded).
 *
 * @param firstCopy for every row, the first row of the same record ({@link TableSchema#duplicatePolicy}): itself
 *     unless the row repeats an earlier one. Without an id column (and without dropDuplicates) every row is its own
 *     record, identical or not.
 */
public record Table(TableSchema schema, List<Object[]> raw, int[] labels, List<String> ids, int[] firstCopy) {

    public int size() {
        return labels.length;
    }

    public int positives() {
        int n = 0;
        for (int y : labels) n += y;
        return n;
    }
}
