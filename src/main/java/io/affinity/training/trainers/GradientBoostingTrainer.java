package io.affinity.training.trainers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.models.ScoreOutput;
import io.affinity.training.data.LabelledData;
import io.affinity.training.data.Split;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Gradient-boosted trees trained by XGBoost (logistic loss, histogram splits). XGBoost's Java API has no ONNX
 * export, so {@link BoostedTreesOnnx} writes the booster's trees (from its JSON dump) as an ONNX-ML
 * TreeEnsembleRegressor followed by a sigmoid; the registry's parity check proves the two agree.
 */
public final class GradientBoostingTrainer implements ClassifierTrainer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Null when XGBoost's native library loads here, else why not (it needs the OpenMP runtime, libgomp1). */
    private static String unavailable;

    /** Whether the library has been tried; both fields are read and written under the class lock. */
    private static boolean probed;

    /**
     * Whether XGBoost can run on this machine: its native library is loaded once; when it cannot be (no libgomp1,
     * an unsupported platform) the other algorithms still train and this one says why.
     */
    public static synchronized boolean available() {
        if (!probed) {
            try {
                new DMatrix(new float[] {0f}, 1, 1, Float.NaN).dispose();
            } catch (Throwable e) { // UnsatisfiedLinkError, or XGBoost's class failing to initialise
                unavailable = "XGBoost's native library does not load here (" + e + "); on Debian install libgomp1";
            }
            probed = true;
        }
        return unavailable == null;
    }

    private static synchronized String whyUnavailable() {
        return unavailable;
    }

    @Override
    public String algorithm() {
        return "gradient-boosting";
    }

    /** XGBoost builds each tree on every core ({@code nthread}). */
    @Override
    public boolean usesAllCores() {
        return true;
    }

    /** Boosting stops when 15% of the training rows, held aside, has not improved its ROC AUC for this many rounds. */
    static final int PATIENCE = 50;

    static final int MAX_ROUNDS = 2000;

    @Override
    public Map<String, List<Object>> searchSpace() {
        return Map.of(
                "learningRate", List.of(0.02, 0.05, 0.1),
                "maxDepth", List.of(2, 3, 4, 5, 6),
                "minChildWeight", List.of(1.0, 5.0, 10.0),
                "subsample", List.of(0.7, 0.85, 1.0),
                "featureFraction", List.of(0.6, 0.8, 1.0));
    }

    /**
     * The number of rounds is not searched: boosting runs on 85% of {@code train} until the other 15% stops
     * improving (early stopping), and the model is then refitted on all of {@code train} for that many rounds. A
     * {@code rounds} hyperparameter, when given, skips the early stopping.
     */
    @Override
    public TrainedClassifier fit(LabelledData train, Hyperparameters p, long seed) {
        if (!available()) throw new IllegalStateException("gradient-boosting cannot train: " + whyUnavailable());
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("eval_metric", "auc");
        params.put("tree_method", "hist");
        params.put("eta", p.real("learningRate"));
        params.put("max_depth", p.integer("maxDepth"));
        params.put("min_child_weight", p.real("minChildWeight"));
        params.put("subsample", p.real("subsample"));
        params.put("colsample_bytree", p.real("featureFraction"));
        params.put("nthread", Runtime.getRuntime().availableProcessors());
        params.put("seed", seed);
        params.put("verbosity", 0);
        params.put("verbose_eval", 0); // no line per round on stdout
        try {
            int rounds = p.values().containsKey("rounds") ? p.integer("rounds") : rounds(train, params, seed);
            DMatrix data = labelled(train);
            try {
                Booster booster = XGBoost.train(data, params, rounds, Map.of(), null, null);
                return boosted(booster, train.width());
            } finally {
                data.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
        }
    }

    /** Rounds by early stopping on a stratified 15% of {@code train}. */
    private static int rounds(LabelledData train, Map<String, Object> params, long seed) throws XGBoostError {
        Split inner = Split.stratified(train.y(), 0.15, seed);
        DMatrix fit = labelled(train.rows(inner.train())), stop = labelled(train.rows(inner.test()));
        try {
            Booster probe = XGBoost.train(
                    fit, params, MAX_ROUNDS, Map.of("stop", stop), new float[1][MAX_ROUNDS], null, null, PATIENCE);
            String best = probe.getAttr("best_iteration");
            probe.dispose();
            return best == null ? MAX_ROUNDS : Integer.parseInt(best) + 1;
        } finally {
            fit.dispose();
            stop.dispose();
        }
    }

    private static DMatrix labelled(LabelledData d) throws XGBoostError {
        DMatrix m = matrix(d.x());
        float[] labels = new float[d.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = d.y()[i];
        m.setLabel(labels);
        return m;
    }

    /** The booster's trees as {@link BoostedTreesOnnx.Tree}s and its bias, read back from XGBoost itself. */
    private static Boosted boosted(Booster booster, int width) throws XGBoostError {
        List<JsonNode> trees = new ArrayList<>();
        try {
            for (String dump : booster.getModelDump((String) null, false, "json")) trees.add(JSON.readTree(dump));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read XGBoost's tree dump: " + e.getMessage(), e);
        }
        // The bias (base score as a margin) is whatever XGBoost adds to the leaves: its margin on a row less the
        // leaves that row reaches. Version-independent, and the parity check covers every holdout row after it.
        float[][] one = {new float[width]};
        DMatrix row = matrix(one);
        try {
            double margin = booster.predict(row, true, 0)[0][0];
            double leaves = 0;
            for (JsonNode t : trees) leaves += BoostedTreesOnnx.leafValue(t, one[0]);
            return new Boosted(booster, trees, (float) (margin - leaves), width);
        } finally {
            row.dispose();
        }
    }

    private static DMatrix matrix(float[][] x) throws XGBoostError {
        int rows = x.length, width = rows == 0 ? 0 : x[0].length;
        float[] flat = new float[rows * width];
        for (int i = 0; i < rows; i++) System.arraycopy(x[i], 0, flat, i * width, width);
        return new DMatrix(flat, rows, width, Float.NaN);
    }

    record Boosted(Booster booster, List<JsonNode> trees, float bias, int width) implements TrainedClassifier {

        @Override
        public double[] predict(float[][] x) {
            try {
                DMatrix m = matrix(x);
                try {
                    float[][] p = booster.predict(m);
                    double[] out = new double[p.length];
                    for (int i = 0; i < out.length; i++) out[i] = p[i][0];
                    return out;
                } finally {
                    m.dispose();
                }
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost prediction failed: " + e.getMessage(), e);
            }
        }

        @Override
        public byte[] onnx() {
            return BoostedTreesOnnx.export(trees, bias, width);
        }

        @Override
        public ScoreOutput output() {
            return new ScoreOutput(BoostedTreesOnnx.INPUT, BoostedTreesOnnx.OUTPUT, 0, true);
        }
    }
}
