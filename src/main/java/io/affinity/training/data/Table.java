package io.affinity.training.data;

import java.util.List;

/**
 * A training table read under its schema: raw feature values per row (numbers then categories, schema order),
 * the 0/1 label and the id of every row, in file order (row {@code i} is data row {@code i}, header excluded).
 *
 * @param firstCopy for every row, the first row whose whole record (every field, the columns the schema ignores
 *     too) is the same: itself unless the line repeats an earlier one. Two customers whose declared features
 *     happen to agree are different records.
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
