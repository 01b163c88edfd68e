package io.affinity.features;

/**
 * How a {@link FeaturePipeline} is fitted: the declared policy for missing values, the quantiles outliers are
 * clipped to, and how often a category must appear in training to get its own one-hot slot.
 *
 * @param clipQuantile values are clipped to [q, 1 - q] training quantiles; 0 keeps the training min and max
 * @param numericBins quantile bins added (one-hot) beside each scaled number; 0 for none
 */
public record PreprocessingPolicy(MissingPolicy missing, double clipQuantile, int minCategoryCount, int numericBins) {

    public static final PreprocessingPolicy DEFAULT = new PreprocessingPolicy(MissingPolicy.MEDIAN, 0.005, 5, 0);

    public PreprocessingPolicy {
        if (missing == null) missing = MissingPolicy.MEDIAN;
        if (clipQuantile < 0 || clipQuantile >= 0.5)
            throw new IllegalArgumentException("clipQuantile must be in [0, 0.5), was " + clipQuantile);
        if (minCategoryCount < 1) minCategoryCount = 1;
        if (numericBins < 0 || numericBins > 100) throw new IllegalArgumentException("numericBins must be in 0..100");
    }
}
