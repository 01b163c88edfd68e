package io.affinity.training.ncf;

import io.affinity.training.eval.LeaveOneOut;
import io.affinity.training.eval.RankingEvaluator;
import io.affinity.training.eval.RankingMetrics;
import java.util.List;
import java.util.function.BooleanSupplier;
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

    /** A fitted model, the epochs each phase ran (or chose), and the validation history. */
    private record Fitted(NeuMF model, int[] epochs, RankingMetrics validation, List<NcfTrainer.Epoch> history) {}

    /**
     * One fit: NeuMF from scratch, or with {@code pretrain} the GMF tower alone, the MLP tower alone, then NeuMF
     * started from both and fine-tuned at a quarter of the learning rate.
     *
     * @param validation null to run exactly {@code epochs} per phase (the refit)
     */
    private static Fitted fit(
            Interactions data,
            LeaveOneOut validation,
            NcfSettings s,
            int[] epochs,
            Consumer<String> progress,
            BooleanSupplier stop) {
        Consumer<NcfTrainer.Epoch> report = e -> {
            if (e.validation() != null)
                progress.accept(String.format(
                        "epoch %d: loss %.4f, validation HR@10 %.4f NDCG@10 %.4f (%d ms)",
                        e.epoch(),
                        e.loss(),
                        e.validation().hitRatio(),
                        e.validation().ndcg(),
                        e.millis()));
        };
        if (!s.pretrain()) {
            var r = NcfTrainer.train(
                    data, validation, epochs == null ? s : s.with(epochs[0], s.learningRate()), report, stop);
            return new Fitted(r.model(), new int[] {r.bestEpoch()}, r.validation(), r.epochs());
        }
        progress.accept("pretraining the GMF tower");
        var gmf = NcfTrainer.train(
                new NeuMF(data.users(), data.items(), s.gmf(), s.mlp(), s.hidden(), s.recent(), s.seed()).gmfOnly(),
                data,
                validation,
                epochs == null ? s : s.with(epochs[0], s.learningRate()),
                report,
                stop);
        progress.accept("pretraining the MLP tower");
        var mlp = NcfTrainer.train(
                new NeuMF(data.users(), data.items(), s.gmf(), s.mlp(), s.hidden(), s.recent(), s.seed() + 1).mlpOnly(),
                data,
                validation,
                epochs == null ? s : s.with(epochs[1], s.learningRate()),
                report,
                stop);
        progress.accept("fine-tuning NeuMF from both towers");
        double fineRate = s.learningRate() / 4;
        var neumf = NcfTrainer.train(
                NeuMF.combine(gmf.model(), mlp.model(), 0.5),
                data,
                validation,
                epochs == null ? s.with(s.maxEpochs(), fineRate) : s.with(epochs[2], fineRate),
                report,
                stop);
        List<NcfTrainer.Epoch> history = new java.util.ArrayList<>(gmf.epochs());
        history.addAll(mlp.epochs());
        history.addAll(neumf.epochs());
        return new Fitted(
                neumf.model(),
                new int[] {gmf.bestEpoch(), mlp.bestEpoch(), neumf.bestEpoch()},
                neumf.validation(),
                history);
    }

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
            Consumer<String> progress,
            BooleanSupplier stop) {
        long start = System.nanoTime();
        var validation =
                NcfSplitReader.validation(users, items, userOf, itemOf, test, Math.min(99, items / 2), s.seed());
        Fitted early = fit(validation.train(), validation.protocol(), s, null, progress, stop);
        Interactions all = new Interactions(users, items, userOf, itemOf);
        progress.accept("refit on all " + all.size() + " training interactions for "
                + java.util.Arrays.toString(early.epochs()) + " epochs");
        // The refit runs the epochs validation chose; a stop request has already had its effect.
        Fitted full = fit(all, null, s, early.epochs(), progress, () -> false);
        RankingMetrics testMetrics = RankingEvaluator.evaluate(NcfTrainer.scorer(full.model(), all), test, 10);
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
        double parity = NeuMFOnnx.verify(full.model(), onnx, pu, pi, all);
        return new Outcome(
                full.model(),
                onnx,
                parity,
                early.epochs()[early.epochs().length - 1],
                early.validation(),
                testMetrics,
                popularity,
                early.history(),
                (System.nanoTime() - start) / 1_000_000);
    }
}
