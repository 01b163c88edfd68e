package io.affinity.training.ncf;

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
        int[] users = new int[samples], items = new int[samples], sources = new int[samples];
        byte[] labels = new byte[samples];
        float[] weights = new float[samples];

        List<Epoch> epochs = new ArrayList<>();
        Snapshot best = null;
        RankingMetrics bestMetrics = null;
        int bestEpoch = 0;
        for (int epoch = 1; epoch <= s.maxEpochs() && !stop.getAsBoolean(); epoch++) {
            long start = System.nanoTime();
            fillSamples(train, s, random, users, items, sources, labels, weights);
            shuffle(users, items, sources, labels, weights, random);
            double loss = 0;
            for (int from = 0; from < samples; from += s.batch()) {
                int to = Math.min(samples, from + s.batch());
                double scale = 1.0 / (to - from);
                for (int k = from; k < to; k++) {
                    // The user's items before this interaction: what they had done last when they took it.
                    int[] history = train.sequence(users[k]);
                    int before = train.position(sources[k]);
                    double logit = model.forward(users[k], items[k], history, 0, before, act, s.dropout(), random);
                    double prob = NeuMF.sigmoid(logit);
                    loss += weights[k]
                            * (labels[k] == 1
                                    ? -Math.log(Math.max(prob, 1e-12))
                                    : -Math.log(Math.max(1 - prob, 1e-12)));
                    model.backward(users[k], items[k], act, weights[k] * (prob - labels[k]) * scale, grads);
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

    private static void fillSamples(
            Interactions train,
            NcfSettings s,
            Random random,
            int[] users,
            int[] items,
            int[] sources,
            byte[] labels,
            float[] weights) {
        int at = 0;
        for (int k = 0; k < train.size(); k++) {
            int user = train.user(k);
            float weight = (float) (1 + s.recency() * train.recency(k));
            weights[at] = weight;
            users[at] = user;
            items[at] = train.item(k);
            sources[at] = k;
            labels[at++] = 1;
            for (int n = 0; n < s.negatives(); n++) {
                int item;
                do item = random.nextInt(train.items());
                while (train.has(user, item));
                weights[at] = weight;
                users[at] = user;
                items[at] = item;
                sources[at] = k;
                labels[at++] = 0;
            }
        }
    }

    private static void shuffle(
            int[] users, int[] items, int[] sources, byte[] labels, float[] weights, Random random) {
        for (int i = users.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int ts = sources[i];
            sources[i] = sources[j];
            sources[j] = ts;
            int tu = users[i];
            users[i] = users[j];
            users[j] = tu;
            int ti = items[i];
            items[i] = items[j];
            items[j] = ti;
            float tw = weights[i];
            weights[i] = weights[j];
            weights[j] = tw;
            byte tl = labels[i];
            labels[i] = labels[j];
            labels[j] = tl;
        }
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
