package io.affinity.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a model's inputs were distributed in its training split, to tell when the customers it now scores no longer
 * look like them: each number in ten bins by the split's deciles (and a bin for missing), each category in the
 * pipeline's own slots (its vocabulary and "other"), with the share of training rows in each bin. Drift is the
 * population stability index (PSI) of the scored population's shares against these.
 *
 * @param inputs in the pipeline's input order (numbers, then categories)
 */
public record InputProfile(List<Input> inputs) {

    /** Bins per number. */
    static final int BINS = 10;
    /** Shares are floored here before the PSI's logarithm: a bin empty on one side counts, but not infinitely. */
    static final double FLOOR = 1e-4;
    /** The usual reading of PSI (Siddiqi, Credit Risk Scorecards, 2006): under 0.1 stable, over 0.25 shifted. */
    public static final double WATCH = 0.1, SHIFTED = 0.25;

    /**
     * @param edges a number's bin edges (bin i holds values in (edges[i-1], edges[i]]; the last bin is for missing);
     *     null for a category
     * @param shares the training rows' share in each bin
     */
    public record Input(String name, List<Double> edges, List<Double> shares) {
        public Input {
            edges = edges == null ? null : List.copyOf(edges);
            shares = List.copyOf(shares);
        }
    }

    /** One input's drift: PSI and its reading ("stable", "watch", "shifted"). */
    public record Drift(String input, double psi, String level) {}

    public InputProfile {
        inputs = List.copyOf(inputs);
    }

    /** The profile of training rows (raw, in the pipeline's input order). */
    static InputProfile of(FeaturePipeline pipeline, List<Object[]> rows) {
        List<Input> inputs = new ArrayList<>();
        List<NumericFeature> numeric = pipeline.numeric();
        for (int c = 0; c < numeric.size(); c++) {
            double[] present = FeaturePipeline.present(rows, c);
            List<Double> edges = new ArrayList<>();
            for (int b = 1; b < BINS && present.length > 0; b++) {
                double edge = present[(int) Math.floor((double) b * (present.length - 1) / BINS)];
                if (edges.isEmpty() || edge > edges.get(edges.size() - 1)) edges.add(edge);
            }
            inputs.add(new Input(numeric.get(c).name(), edges, List.of()));
        }
        for (CategoricalFeature f : pipeline.categorical()) inputs.add(new Input(f.name(), null, List.of()));
        Counts counts = new InputProfile(inputs).counts(pipeline);
        rows.forEach(counts::add);
        List<Input> fitted = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++)
            fitted.add(new Input(inputs.get(i).name(), inputs.get(i).edges(), counts.shares(i)));
        return new InputProfile(fitted);
    }

    /** A counter of rows into this profile's bins, for one pass over a scored population. */
    public Counts counts(FeaturePipeline pipeline) {
        return new Counts(pipeline);
    }

    /** Rows counted into the profile's bins; not thread-safe (one per run). */
    public final class Counts {
        private final FeaturePipeline pipeline;
        private final List<Map<String, Integer>> indexes = new ArrayList<>();
        private final long[][] bins;
        private long rows;

        private Counts(FeaturePipeline pipeline) {
            this.pipeline = pipeline;
            bins = new long[inputs.size()][];
            int n = pipeline.numeric().size();
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                bins[i] = new long
                        [in.edges() != null
                                ? in.edges().size() + 2
                                : pipeline.categorical().get(i - n).width()];
            }
            pipeline.categorical().forEach(f -> indexes.add(f.index()));
        }

        /** Counts one raw row (the pipeline's input order). */
        public void add(Object[] raw) {
            int n = pipeline.numeric().size();
            for (int i = 0; i < inputs.size(); i++) {
                if (i < n) {
                    Double v = (Double) raw[i];
                    List<Double> edges = inputs.get(i).edges();
                    int bin = v == null || v.isNaN() ? edges.size() + 1 : numericBin(edges, v);
                    bins[i][bin]++;
                } else {
                    CategoricalFeature f = pipeline.categorical().get(i - n);
                    bins[i][f.slot(indexes.get(i - n), (String) raw[i])]++;
                }
            }
            rows++;
        }

        public long rows() {
            return rows;
        }

        List<Double> shares(int input) {
            return Arrays.stream(bins[input])
                    .mapToObj(b -> rows == 0 ? 0.0 : b / (double) rows)
                    .toList();
        }

        /** Each input's PSI of the counted rows against the training shares; empty when nothing was counted. */
        public List<Drift> drift() {
            List<Drift> out = new ArrayList<>();
            if (rows == 0) return out;
            for (int i = 0; i < inputs.size(); i++) {
                List<Double> expected = inputs.get(i).shares();
                List<Double> actual = shares(i);
                if (expected.size() != actual.size()) continue; // a profile from another pipeline: not comparable
                double psi = 0;
                for (int b = 0; b < expected.size(); b++) {
                    double e = Math.max(expected.get(b), FLOOR), a = Math.max(actual.get(b), FLOOR);
                    psi += (a - e) * Math.log(a / e);
                }
                out.add(new Drift(
                        inputs.get(i).name(), psi, psi < WATCH ? "stable" : psi < SHIFTED ? "watch" : "shifted"));
            }
            return out;
        }
    }

    private static int numericBin(List<Double> edges, double v) {
        int lo = 0, hi = edges.size();
        while (lo < hi) { // first edge >= v
            int mid = (lo + hi) >>> 1;
            if (edges.get(mid) < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
