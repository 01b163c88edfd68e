package io.affinity.training.data;

import java.util.List;

/**
 * Model-ready rows: input vectors (the {@link io.affinity.features.FeaturePipeline}'s output) and 0/1 labels.
 *
 * @param featureNames the name of each vector slot
 */
public record LabelledData(float[][] x, int[] y, List<String> featureNames) {

    public LabelledData {
        if (x.length != y.length) throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
    }

    public int size() {
        return y.length;
    }

    public int width() {
        return featureNames.size();
    }

    public LabelledData rows(int[] index) {
        float[][] xs = new float[index.length][];
        int[] ys = new int[index.length];
        for (int i = 0; i < index.length; i++) {
            xs[i] = x[index[i]];
            ys[i] = y[index[i]];
        }
        return new LabelledData(xs, ys, featureNames);
    }

    public double positiveRate() {
        double n = 0;
        for (int v : y) n += v;
        return y.length == 0 ? 0 : n / y.length;
    }
}
