package io.affinity.training.ncf;

import io.affinity.training.eval.LeaveOneOut;
import io.affinity.training.eval.RankingEvaluator;
import io.affinity.training.eval.RankingMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Trains NeuMF on implicit feedback: every epoch pairs each interaction with freshly sampled negatives (items the
 * user has not interacted with), minimises binary cross-entropy with Adam, then ranks the validation protocol;
 * the epoch with the best validation NDCG@10 is kept, and training stops after {@code patience} epochs without
 * improvement, when {@code maxEpochs} is reached or when the caller asks it to stop.
 */
public final class NcfTrainer {

    /** What one epoch did. */
    public record Epoch(int epoch, double loss, RankingMetrics validation, long millis) {}

    /** The best model and the history that chose it. */
    public record Result(NeuMF model, int bestEpoch, RankingMetrics validation, List<Epoch> epochs) {}

    private NcfTrainer() {}

    /**
     * Trains a fresh model.
     *
     * @param validation the early-stopping protocol; null trains exactly {@code maxEpochs} epochs (the refit on all
     *     training data once validation has chosen the epoch count)
     */
    public static Result train(
            Interactions train, LeaveOneOut validation, NcfSettings s, Consumer<Epoch> progress, BooleanSupplier stop) {
        return train(
                new NeuMF(train.users(), train.items(), s.gmf(), s.mlp(), s.hidden(), s.recent(), s.seed()),
                train,
                validation,
                s,
                progress,
                stop);
    }

    /** Trains from a given starting model (fresh, one tower switched off, or towers combined after pretraining). */
    public static Result train(
            NeuMF model,
            Interactions train,
            LeaveOneOut validation,
            NcfSettings s,
            Consumer<Epoch> progress,
            BooleanSupplier stop) {
        Adam adam = new Adam(model, s.learningRate(), s.l2());
        Random random = new Random(s.seed());
        NeuMF.Activations act = model.activations();
        NeuMF.Gradients grads = model.gradients();
        int per = 1 + s.negatives();
        int samples = train.size() * per;
        // A sample is an interaction (its user, history and weight) with its own item, or a sampled negative one.
        int[] sources = new int[samples], items = new int[samples];
        byte[] labels = new byte[samples];

        List<Epoch> epochs = new ArrayList<>();
        Snapshot best = null;
        RankingMetrics bestMetrics = null;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= s.maxEpochs() && !stop.getAsBoolean(); epoch++) {
            long start = System.nanoTime();
            fillSamples(train, s, random, sources, items, labels);
            shuffle(sources, items, labels, random);
            double loss = 0;
            for (int from = 0; from < samples; from += s.batch()) {
                int to = Math.min(samples, from + s.batch());
                double scale = 1.0 / (to - from);
                for (int k = from; k < to; k++) {
                    int user = train.user(sources[k]);
                    double weight = (float) (1 + s.recency() * train.recency(sources[k]));
                    // The user's items before this interaction: what they had done last when they took it.
                    int[] history = train.sequence(user);
                    int before = train.position(sources[k]);
                    double logit = model.forward(user, items[k], history, 0, before, act, s.dropout(), random);
                    double prob = NeuMF.sigmoid(logit);
                    loss += weight
                            * (labels[k] == 1
                                    ? -Math.log(Math.max(prob, 1e-12))
                                    : -Math.log(Math.max(1 - prob, 1e-12)));
                    model.backward(user, items[k], act, weight * (prob - labels[k]) * scale, grads);
                }
                adam.step(grads);
            }
            RankingMetrics metrics =
                    validation == null ? null : RankingEvaluator.evaluate(scorer(model, train), validation, 10);
            Epoch e = new Epoch(epoch, loss / samples, metrics, (System.nanoTime() - start) / 1_000_000);
            epochs.add(e);
            progress.accept(e);
            if (validation == null) {
                bestEpoch = epoch;
                best = null;
                continue;
            }
            if (bestMetrics == null || metrics.ndcg() > bestMetrics.ndcg()) {
                bestMetrics = metrics;
                bestEpoch = epoch;
                best = Snapshot.of(model);
            } else if (epoch - bestEpoch >= s.patience()) {
                break;
            }
        }
        if (validation == null) {
            if (bestEpoch == 0) throw new IllegalStateException("training stopped before the first epoch finished");
            return new Result(model, bestEpoch, null, epochs);
        }
        if (best == null) throw new IllegalStateException("training stopped before the first epoch finished");
        best.restore(model);
        return new Result(model, bestEpoch, bestMetrics, epochs);
    }

    /**
     * Scores items for a user with the model as it is now (no dropout), the user's recent items being the latest of
     * {@code seen}: the interactions the model learnt from, all of which come before the item held out.
     */
    public static RankingEvaluator.Scorer scorer(NeuMF model, Interactions seen) {
        NeuMF.Activations act = model.activations();
        return (user, candidates) -> {
            int[] history = seen.sequence(user);
            double[] out = new double[candidates.length];
            for (int j = 0; j < candidates.length; j++)
                out[j] = model.forward(user, candidates[j], history, 0, history.length, act, 0, null);
            return out;
        };
    }

    /** Each interaction, then {@code negatives} items its user has not had, freshly drawn. */
    private static void fillSamples(
            Interactions train, NcfSettings s, Random random, int[] sources, int[] items, byte[] labels) {
        int at = 0;
        for (int k = 0; k < train.size(); k++) {
            int user = train.user(k);
            sources[at] = k;
            items[at] = train.item(k);
            labels[at++] = 1;
            for (int n = 0; n < s.negatives(); n++) {
                int item;
                do item = random.nextInt(train.items());
                while (train.has(user, item));
                sources[at] = k;
                items[at] = item;
                labels[at++] = 0;
            }
        }
    }

    private static void shuffle(int[] sources, int[] items, byte[] labels, Random random) {
        for (int i = sources.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            swap(sources, i, j);
            swap(items, i, j);
            byte label = labels[i];
            labels[i] = labels[j];
            labels[j] = label;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** A copy of every parameter, to return to the best epoch. */
    private record Snapshot(
            double[] p,
            double[] q,
            double[] u,
            double[] v,
            double[] y,
            double[][] w,
            double[][] b,
            double[] out,
            double outBias) {
        static Snapshot of(NeuMF m) {
            return new Snapshot(
                    m.p.clone(),
                    m.q.clone(),
                    m.u.clone(),
                    m.v.clone(),
                    m.y.clone(),
                    deep(m.w),
                    deep(m.b),
                    m.out.clone(),
                    m.outBias);
        }

        void restore(NeuMF m) {
            System.arraycopy(y, 0, m.y, 0, y.length);
            System.arraycopy(p, 0, m.p, 0, p.length);
            System.arraycopy(q, 0, m.q, 0, q.length);
            System.arraycopy(u, 0, m.u, 0, u.length);
            System.arraycopy(v, 0, m.v, 0, v.length);
            for (int l = 0; l < w.length; l++) {
                System.arraycopy(w[l], 0, m.w[l], 0, w[l].length);
                System.arraycopy(b[l], 0, m.b[l], 0, b[l].length);
            }
            System.arraycopy(out, 0, m.out, 0, out.length);
            m.outBias = outBias;
        }

        private static double[][] deep(double[][] a) {
            double[][] c = new double[a.length][];
            for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
            return c;
        }
    }
}
