package io.affinity.training.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.features.MissingPolicy;
import io.affinity.features.PreprocessingPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The declared schema of a training table (a CSV export): which column is the label and which value of it is the
 * positive class, which columns are numbers and which are categories, the id column, and the preprocessing policy.
 * Columns not named are ignored (Bank Marketing's {@code duration}, for instance, is only known after the call).
 *
 * @param id the column that identifies a record: a second row with an id already seen repeats that record and is
 *     dropped from training. Without one, identical rows are different records (two customers who answered alike)
 *     and all are kept, unless {@code dropDuplicates} asks for rows equal in every field to be dropped.
 * @param dropDuplicates true to drop, from training, rows equal in every field to an earlier one (tables without an id)
 */
public record TableSchema(
        String name,
        String delimiter,
        String label,
        String positive,
        String id,
        List<String> numeric,
        List<String> categorical,
        MissingPolicy missing,
        Double clipQuantile,
        Integer minCategoryCount,
        Integer numericBins,
        Boolean dropDuplicates) {

    /** How repeated records are told apart, in words for the model card. */
    public String duplicatePolicy() {
        if (id != null) return "a row whose " + id + " was already seen repeats that record";
        if (Boolean.TRUE.equals(dropDuplicates)) return "a row equal in every field to an earlier one (dropDuplicates)";
        return "none: without an id column identical rows are different records (set dropDuplicates to drop them)";
    }

    public TableSchema {
        if (label == null || label.isBlank()) throw new IllegalArgumentException("schema: 'label' is required");
        if (positive == null)
            throw new IllegalArgumentException("schema: 'positive' (the label's positive value) is required");
        numeric = numeric == null ? List.of() : List.copyOf(numeric);
        categorical = categorical == null ? List.of() : List.copyOf(categorical);
        if (numeric.isEmpty() && categorical.isEmpty())
            throw new IllegalArgumentException("schema: name at least one 'numeric' or 'categorical' column");
        Set<String> seen = new HashSet<>();
        for (String c : concat(numeric, categorical)) {
            if (!seen.add(c)) throw new IllegalArgumentException("schema: column '" + c + "' is declared twice");
            if (c.equals(label))
                throw new IllegalArgumentException("schema: the label '" + c + "' cannot be a feature");
        }
        if (delimiter == null || delimiter.isEmpty()) delimiter = ",";
        if (delimiter.length() != 1) throw new IllegalArgumentException("schema: delimiter must be one character");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    public PreprocessingPolicy policy() {
        PreprocessingPolicy d = PreprocessingPolicy.DEFAULT;
        return new PreprocessingPolicy(
                missing == null ? d.missing() : missing,
                clipQuantile == null ? d.clipQuantile() : clipQuantile,
                minCategoryCount == null ? d.minCategoryCount() : minCategoryCount,
                numericBins == null ? d.numericBins() : numericBins);
    }

    public static TableSchema read(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), TableSchema.class);
    }
}
