package io.affinity.features;

import java.util.List;

/**
 * One numeric input as fitted on a training split: missing values become {@code fill}, values are clipped to
 * {@code [low, high]} (training quantiles, so outliers cannot stretch the scale) and min-max scaled to [0, 1].
 * With {@code edges}, the value also lands in one of {@code edges.size() + 1} quantile bins, one-hot, so linear
 * models can follow a non-linear effect (churn falling steeply over the first months of tenure, then flattening).
 *
 * @param edges ascending bin boundaries; a value {@code v} is in bin {@code i} when {@code edges[i-1] < v <= edges[i]}
 */
public record NumericFeature(
        String name, MissingPolicy missing, double fill, double low, double high, List<Double> edges) {

    public NumericFeature {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("numeric feature without a name");
        if (!(low <= high)) throw new IllegalArgumentException(name + ": low " + low + " above high " + high);
        edges = edges == null ? List.of() : List.copyOf(edges);
    }

    /** Vector slots: the scaled value, then the bins if any. */
    public int width() {
        return edges.isEmpty() ? 1 : edges.size() + 2;
    }

    /** The value after the missing-value policy and clipping. */
    public double clipped(Double raw) {
        double v = raw == null || raw.isNaN() ? fill : raw;
        if (v < low) v = low;
        if (v > high) v = high;
        return v;
    }

    /** The scaled value of a raw one; {@code null} and NaN count as missing. */
    public float scale(Double raw) {
        double v = clipped(raw);
        return high == low ? 0f : (float) ((v - low) / (high - low));
    }

    /** Writes the scaled value and the bins into {@code out[at .. at + width)}. */
    void write(Double raw, float[] out, int at) {
        out[at] = scale(raw);
        if (edges.isEmpty()) return;
        double v = clipped(raw);
        int bin = 0;
        while (bin < edges.size() && v > edges.get(bin)) bin++;
        java.util.Arrays.fill(out, at + 1, at + width(), 0f);
        out[at + 1 + bin] = 1f;
    }
}
