package io.affinity.training.ncf;

import io.affinity.training.eval.RankingEvaluator;
import io.affinity.training.eval.RankingMetrics;
import java.util.List;
import java.util.function.Consumer;

/**
 * NeuMF end to end on a leave-one-out split: hold out each user's last training interaction for validation, train
 * with early stopping on it, refit on all training interactions for the chosen number of epochs, rank the test
 * protocol, rank it with the popularity baseline too, and export to ONNX through the parity check.
 */
public final class RecommenderTraining {

    /** Everything the card and the benchmark report. */
    public record Outcome(
            NeuMF model,
            byte[] onnx,
            double parityError,
            int bestEpoch,
            RankingMetrics validation,
            RankingMetrics test,
            RankingMetrics popularity,
            List<NcfTrainer.Epoch> epochs,
            long millis) {}

    private RecommenderTraining() {}

    /**
     * @param userOf training interactions, in time order within each user
     * @param test the test protocol (held-out item and negatives per user)
     */
    public static Outcome train(
            int users,
            int items,
            int[] userOf,
            int[] itemOf,
            LeaveOneOut test,
            NcfSettings s,
            Consumer<String> progress) {
        long start = System.nanoTime();
        var validation =
                NcfSplitReader.validation(users, items, userOf, itemOf, test, Math.min(99, items / 2), s.seed());
        var early = NcfTrainer.train(
                validation.train(),
                validation.protocol(),
                s,
                e -> progress.accept(String.format(
                        "epoch %d: loss %.4f, validation HR@10 %.4f NDCG@10 %.4f (%d ms)",
                        e.epoch(),
                        e.loss(),
                        e.validation().hitRatio(),
                        e.validation().ndcg(),
                        e.millis())),
                () -> false);
        NcfSettings refit = new NcfSettings(
                s.gmf(),
                s.mlp(),
                s.hidden(),
                s.learningRate(),
                s.l2(),
                s.dropout(),
                s.recency(),
                s.negatives(),
                s.batch(),
                early.bestEpoch(),
                s.patience(),
                s.seed());
        Interactions all = new Interactions(users, items, userOf, itemOf);
        progress.accept("refit on all " + all.size() + " training interactions for " + early.bestEpoch() + " epochs");
        var full = NcfTrainer.train(all, null, refit, e -> {}, () -> false);
        RankingMetrics testMetrics = RankingEvaluator.evaluate(NcfTrainer.scorer(full.model()), test, 10);
        int[] counts = all.itemCounts();
        RankingMetrics popularity = RankingEvaluator.evaluate(
                (u, candidates) -> {
                    double[] out = new double[candidates.length];
                    for (int j = 0; j < candidates.length; j++) out[j] = counts[candidates[j]];
                    return out;
                },
                test,
                10);
        byte[] onnx = NeuMFOnnx.export(full.model());
        int[] pu = new int[Math.min(5000, userOf.length)], pi = new int[pu.length];
        for (int k = 0; k < pu.length; k++) {
            pu[k] = userOf[k * (userOf.length / pu.length)];
            pi[k] = (k * 7919) % items; // any item, seen or not
        }
        double parity = NeuMFOnnx.verify(full.model(), onnx, pu, pi);
        return new Outcome(
                full.model(),
                onnx,
                parity,
                early.bestEpoch(),
                early.validation(),
                testMetrics,
                popularity,
                early.epochs(),
                (System.nanoTime() - start) / 1_000_000);
    }
}
