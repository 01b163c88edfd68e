package io.affinity.training.ncf;

import java.util.Arrays;

/**
 * Hyperparameters of NeuMF training.
 *
 * @param gmf GMF embedding size
 * @param mlp MLP embedding size per side (the first layer sees 2 x mlp)
 * @param hidden MLP layer sizes
 * @param recency extra weight of a user's latest interactions: an interaction's loss (and its negatives') is
 *     weighted 1 + recency x (its position in the user's history, 0 = oldest, 1 = latest), so tastes that drift
 *     count as they are now; 0 weighs all history alike
 * @param negatives sampled negatives per positive, redrawn every epoch
 * @param patience epochs without a better validation NDCG@10 before stopping
 * @param pretrain train the GMF and MLP towers alone first and start NeuMF from both (as in the NCF paper)
 * @param recent how many of the user's latest items feed the GMF user vector (0: plain NeuMF); see {@link NeuMF}
 */
public record NcfSettings(
        int gmf,
        int mlp,
        int[] hidden,
        double learningRate,
        double l2,
        double dropout,
        double recency,
        int negatives,
        int batch,
        int maxEpochs,
        int patience,
        boolean pretrain,
        int recent,
        long seed) {

    /** The best of a small search on the MovieLens split's validation protocol (see README, "Training figures"). */
    public static final NcfSettings DEFAULT =
            new NcfSettings(32, 32, new int[] {32, 16, 8}, 0.002, 1e-5, 0.2, 0.0, 8, 256, 30, 3, false, 0, 20261129L);

    /**
     * NeuMF whose GMF user vector also averages the user's 5 latest items, with 4 negatives and L2 1e-6: the best of
     * a few runs on the MovieLens split's validation protocol. Served with each customer's latest products read at
     * request time; the event-store training trains both this and {@link #DEFAULT} and keeps the better on
     * validation.
     */
    public static final NcfSettings RECENT_ITEMS =
            new NcfSettings(32, 32, new int[] {32, 16, 8}, 0.002, 1e-6, 0.2, 0.0, 4, 256, 30, 3, false, 5, 20261129L);

    public NcfSettings {
        if (gmf < 1 || mlp < 1) throw new IllegalArgumentException("embedding sizes must be positive");
        if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1)");
        if (recency < 0) throw new IllegalArgumentException("recency must be >= 0");
        if (recent < 0) throw new IllegalArgumentException("recent must be >= 0");
        if (negatives < 1 || batch < 1 || maxEpochs < 1 || patience < 1)
            throw new IllegalArgumentException("negatives, batch, maxEpochs and patience must be positive");
        hidden = hidden.clone();
    }

    /** The same settings with another seed. */
    public NcfSettings withSeed(long seed) {
        return copy(maxEpochs, learningRate, seed);
    }

    /** The same settings with another epoch limit (the refit) or learning rate (fine-tuning). */
    public NcfSettings with(int maxEpochs, double learningRate) {
        return copy(maxEpochs, learningRate, seed);
    }

    private NcfSettings copy(int maxEpochs, double learningRate, long seed) {
        return new NcfSettings(
                gmf,
                mlp,
                hidden,
                learningRate,
                l2,
                dropout,
                recency,
                negatives,
                batch,
                maxEpochs,
                patience,
                pretrain,
                recent,
                seed);
    }

    @Override
    public String toString() {
        return "gmf=" + gmf + " mlp=" + mlp + " hidden=" + Arrays.toString(hidden) + " lr=" + learningRate + " l2=" + l2
                + " dropout=" + dropout + " recency=" + recency + " negatives=" + negatives + " batch=" + batch
                + (pretrain ? " pretrain" : "") + (recent > 0 ? " recent=" + recent : "");
    }
}
