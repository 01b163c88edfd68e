package io.affinity.models;

import java.util.Arrays;

/**
 * The contract of a NeuMF recommender's ONNX graph, between the exporter that writes it ({@code training.ncf.NeuMFOnnx})
 * and serving, which reads its weights and rewrites it into an all-items graph ({@code scoring.ItemSideGraph}) and
 * feeds it ({@code scoring.Recommender}). A name changed here changes on both sides; a graph without them is not
 * ours and is refused at load.
 */
public final class NeuMFGraph {

    /** Inputs: user and item indexes (int64 [n]), and optionally the user's latest items (int64 [n, k]). */
    public static final String USER = "user", ITEM = "item", RECENT = "recent";
    /** Output: the probability of the pair, float [n, 1]. */
    public static final String SCORE = "score";

    /** Initializers: GMF user and item vectors, MLP user and item vectors, recent-item vectors, output layer. */
    public static final String GMF_USERS = "P", GMF_ITEMS = "Q", MLP_USERS = "U", MLP_ITEMS = "V", RECENT_ITEMS = "Y";

    public static final String OUT_WEIGHTS = "Wout", OUT_BIAS = "Bout";

    /** Nodes serving replaces: the per-pair item lookups, the GMF product, the MLP input and its first layer. */
    public static final String GMF_ITEM_NODE = "gmf_item",
            GMF_NODE = "gmf",
            MLP_ITEM_NODE = "mlp_item",
            MLP_IN_NODE = "mlp_in";

    /** Values: the GMF product, the MLP user embedding (the first layer's user half reads it). */
    public static final String GMF_VALUE = "gmf", MLP_USER_VALUE = "uu";

    private NeuMFGraph() {}

    /** Weights [h, in] of MLP layer {@code l} (layer 0 reads the user and item embeddings side by side). */
    public static String weights(int l) {
        return "W" + l;
    }

    public static String bias(int l) {
        return "B" + l;
    }

    /** The node of MLP layer {@code l}. */
    public static String layer(int l) {
        return "layer" + l;
    }

    /** The output value of MLP layer {@code l} before its activation. */
    public static String layerValue(int l) {
        return "z" + l;
    }

    /**
     * The {@link #RECENT} row of one user: their latest {@code recent} items, newest last, left-padded with the
     * padding index {@code items} (one past the last item) when they have fewer.
     */
    public static long[] recentRow(int[] sequence, int recent, int items) {
        long[] row = new long[recent];
        Arrays.fill(row, items);
        int n = Math.min(recent, sequence.length);
        for (int j = 0; j < n; j++) row[recent - n + j] = sequence[sequence.length - n + j];
        return row;
    }
}
