package io.affinity.features;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one feature definition shared by training and scoring: raw inputs (numbers and categories, in the order of
 * {@link #inputNames()}) to the model's float vector. Fitted on the training split only, stored in the model card,
 * and replayed by the same code at serving, so there is no train/serve skew.
 *
 * @param profile how the inputs were distributed in the training split, to measure drift against; null in cards
 *     from before it was kept
 */
public record FeaturePipeline(
        List<NumericFeature> numeric, List<CategoricalFeature> categorical, InputProfile profile) {

    public FeaturePipeline {
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
    }

    public FeaturePipeline(List<NumericFeature> numeric, List<CategoricalFeature> categorical) {
        this(numeric, categorical, null);
    }

    /**
     * Fits the pipeline on training rows.
     *
     * @param rows raw rows in the order numeric names then categorical names; numbers as {@link Double} (or
     *     null), categories as {@link String} (or null)
     */
    public static FeaturePipeline fit(
            List<String> numericNames, List<String> categoricalNames, PreprocessingPolicy policy, List<Object[]> rows) {
        if (rows.isEmpty()) throw new IllegalArgumentException("cannot fit features on an empty training split");
        List<NumericFeature> numeric = new ArrayList<>();
        for (int c = 0; c < numericNames.size(); c++) {
            numeric.add(fitNumeric(numericNames.get(c), c, policy, rows));
        }
        List<CategoricalFeature> categorical = new ArrayList<>();
        for (int c = 0; c < categoricalNames.size(); c++) {
            int column = numericNames.size() + c;
            Map<String, Integer> counts = new TreeMap<>();
            for (Object[] row : rows) {
                String v = (String) row[column];
                counts.merge(v == null || v.isBlank() ? CategoricalFeature.MISSING : v, 1, Integer::sum);
            }
            List<String> vocabulary = new ArrayList<>();
            counts.forEach((value, n) -> {
                if (n >= policy.minCategoryCount()) vocabulary.add(value);
            });
            categorical.add(new CategoricalFeature(categoricalNames.get(c), vocabulary));
        }
        FeaturePipeline fitted = new FeaturePipeline(numeric, categorical);
        return new FeaturePipeline(numeric, categorical, InputProfile.of(fitted, rows));
    }

    private static NumericFeature fitNumeric(String name, int column, PreprocessingPolicy policy, List<Object[]> rows) {
        double[] present = present(rows, column);
        if (present.length == 0) return new NumericFeature(name, policy.missing(), 0, 0, 0, List.of());
        double median = quantile(present, 0.5);
        double fill = switch (policy.missing()) {
            case MEAN -> Arrays.stream(present).average().orElse(0);
            case ZERO -> 0;
            case MEDIAN, DROP_ROW -> median;
        };
        double low = quantile(present, policy.clipQuantile());
        double high = quantile(present, 1 - policy.clipQuantile());
        List<Double> edges = new ArrayList<>();
        for (int b = 1; b < policy.numericBins(); b++) {
            double edge = quantile(present, (double) b / policy.numericBins());
            if (edge >= high) break;
            if (edge > low && (edges.isEmpty() || edge > edges.get(edges.size() - 1))) edges.add(edge);
        }
        return new NumericFeature(name, policy.missing(), fill, Math.min(low, fill), Math.max(high, fill), edges);
    }

    /** The column's numbers that are there (not null, not NaN), sorted. */
    static double[] present(List<Object[]> rows, int column) {
        return rows.stream()
                .map(r -> (Double) r[column])
                .filter(v -> v != null && !v.isNaN())
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /** Raw input names, in the order {@link #transform} reads them. */
    @JsonIgnore
    public List<String> inputNames() {
        List<String> names = new ArrayList<>();
        numeric.forEach(f -> names.add(f.name()));
        categorical.forEach(f -> names.add(f.name()));
        return names;
    }

    /** Width of the model's input vector. */
    @JsonIgnore
    public int width() {
        return numeric.stream().mapToInt(NumericFeature::width).sum()
                + categorical.stream().mapToInt(CategoricalFeature::width).sum();
    }

    /** Names of the vector's slots ("tenure", "Contract=Two year", "Contract=(other)"), for reasons and reports. */
    @JsonIgnore
    public List<String> featureNames() {
        List<String> names = new ArrayList<>();
        for (NumericFeature f : numeric) {
            names.add(f.name());
            if (f.edges().isEmpty()) continue;
            for (int b = 0; b <= f.edges().size(); b++) {
                String from = b == 0 ? "" : f.edges().get(b - 1) + " < ";
                String to = b == f.edges().size() ? "" : " <= " + f.edges().get(b);
                names.add(from + f.name() + to);
            }
        }
        for (CategoricalFeature f : categorical) {
            f.vocabulary().forEach(v -> names.add(f.name() + "=" + v));
            names.add(f.name() + "=(other)");
        }
        return names;
    }

    /** True when a training row must be dropped under the declared missing-value policy. */
    public boolean dropsInTraining(Object[] raw) {
        for (int c = 0; c < numeric.size(); c++) {
            if (numeric.get(c).missing() == MissingPolicy.DROP_ROW && isMissing(raw[c])) return true;
        }
        return false;
    }

    private static boolean isMissing(Object v) {
        return v == null || (v instanceof Double d && d.isNaN());
    }

    /** A compiled form of this pipeline for repeated transforms (category lookups prepared once). */
    public Transformer transformer() {
        return new Transformer(this);
    }

    /** Transforms raw rows into the model's input vectors; thread-safe, allocation-free per row. */
    public static final class Transformer {
        private final NumericFeature[] numeric;
        private final CategoricalFeature[] categorical;
        private final Map<String, Integer>[] indexes;
        private final int width;
        private final int[] numericOffsets;

        @SuppressWarnings("unchecked")
        private Transformer(FeaturePipeline pipeline) {
            this.numeric = pipeline.numeric.toArray(NumericFeature[]::new);
            this.categorical = pipeline.categorical.toArray(CategoricalFeature[]::new);
            this.indexes = new HashMap[categorical.length];
            for (int i = 0; i < categorical.length; i++) indexes[i] = categorical[i].index();
            this.width = pipeline.width();
            this.numericOffsets = new int[numeric.length];
            for (int c = 1; c < numeric.length; c++) numericOffsets[c] = numericOffsets[c - 1] + numeric[c - 1].width();
        }

        public int width() {
            return width;
        }

        /** Writes the vector of {@code raw} into {@code out[offset .. offset + width)}. */
        public void transform(Object[] raw, float[] out, int offset) {
            int expected = numeric.length + categorical.length;
            if (raw.length != expected)
                throw new IllegalArgumentException("expected " + expected + " raw inputs, got " + raw.length);
            int at = offset;
            for (int c = 0; c < numeric.length; c++) {
                numeric[c].write((Double) raw[c], out, at);
                at += numeric[c].width();
            }
            for (int c = 0; c < categorical.length; c++) {
                CategoricalFeature f = categorical[c];
                Arrays.fill(out, at, at + f.width(), 0f);
                out[at + f.slot(indexes[c], (String) raw[numeric.length + c])] = 1f;
                at += f.width();
            }
        }

        /**
         * Writes {@code base} (a vector from {@link #transform}) into {@code out[offset ..]} with numeric input
         * {@code c} replaced by {@code value}: the other inputs are not transformed again.
         */
        public void replaceNumeric(float[] base, int c, Double value, float[] out, int offset) {
            System.arraycopy(base, 0, out, offset, width);
            numeric[c].write(value, out, offset + numericOffsets[c]);
        }

        public float[] transform(Object[] raw) {
            float[] out = new float[width];
            transform(raw, out, 0);
            return out;
        }
    }
}
