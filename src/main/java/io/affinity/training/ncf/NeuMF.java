package io.affinity.training.ncf;

import java.util.Random;

/**
 * NeuMF (He et al., WWW 2017): a GMF tower (user and item embeddings multiplied element-wise) and an MLP tower
 * (user and item embeddings concatenated, then ReLU layers), joined by one logistic output unit. Parameters are
 * plain double arrays, row-major; {@link #forward} and {@link #backward} work on one (user, item) pair and
 * accumulate gradients into a {@link Gradients} that the optimiser applies per minibatch.
 *
 * <p>With {@code recent > 0} the GMF user vector also carries what the user did last: the mean of a third item
 * embedding table over the user's latest {@code recent} items (before the interaction being learnt, as in FISM).
 * The next item a user takes is much more like their last few than their whole history.
 */
public final class NeuMF {

    final int users;
    final int items;
    final int gmf;
    final int mlp;
    final int[] hidden;

    /** GMF user and item embeddings: users x gmf, items x gmf. */
    final double[] p, q;
    /** MLP user and item embeddings: users x mlp, items x mlp. */
    final double[] u, v;
    /** MLP layers: w[l] is hidden[l] x input(l), b[l] is hidden[l]. */
    final double[][] w, b;
    /** Output unit over [gmf vector, last hidden layer]. */
    final double[] out;
    /** How many of the user's latest items feed the GMF user vector (0: plain NeuMF). */
    final int recent;
    /** Item embeddings as someone's recent items: items x gmf (empty when recent is 0). */
    final double[] y;

    double outBias;

    /** Output weights in [frozenFrom, frozenTo) stay zero: that tower is switched off (tower pretraining). */
    int frozenFrom, frozenTo;

    public NeuMF(int users, int items, int gmf, int mlp, int[] hidden, long seed) {
        this(users, items, gmf, mlp, hidden, 0, seed);
    }

    public NeuMF(int users, int items, int gmf, int mlp, int[] hidden, int recent, long seed) {
        if (recent < 0) throw new IllegalArgumentException("recent must be >= 0");
        this.recent = recent;
        this.users = users;
        this.items = items;
        this.gmf = gmf;
        this.mlp = mlp;
        this.hidden = hidden.clone();
        Random random = new Random(seed);
        p = gaussian(users * gmf, 0.01, random);
        q = gaussian(items * gmf, 0.01, random);
        u = gaussian(users * mlp, 0.01, random);
        v = gaussian(items * mlp, 0.01, random);
        w = new double[hidden.length][];
        b = new double[hidden.length][];
        for (int l = 0; l < hidden.length; l++) {
            int in = inputOf(l);
            double limit = Math.sqrt(6.0 / (in + hidden[l])); // Glorot uniform
            w[l] = new double[hidden[l] * in];
            for (int k = 0; k < w[l].length; k++) w[l][k] = (random.nextDouble() * 2 - 1) * limit;
            b[l] = new double[hidden[l]];
        }
        int joined = gmf + last();
        double limit = Math.sqrt(6.0 / (joined + 1));
        out = new double[joined];
        for (int k = 0; k < joined; k++) out[k] = (random.nextDouble() * 2 - 1) * limit;
        y = recent == 0 ? new double[0] : gaussian(items * gmf, 0.01, random); // drawn last: plain NeuMF unchanged
    }

    private static double[] gaussian(int n, double sd, Random random) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = random.nextGaussian() * sd;
        return a;
    }

    int inputOf(int layer) {
        return layer == 0 ? 2 * mlp : hidden[layer - 1];
    }

    int last() {
        return hidden.length == 0 ? 2 * mlp : hidden[hidden.length - 1];
    }

    /** Per-pair activations kept for the backward pass; one per thread, reused. */
    public final class Activations {
        final double[] gmfVec = new double[gmf];
        final double[][] a = new double[hidden.length + 1][];
        final double[][] keep = new double[hidden.length][];
        /** The recent-items part of the GMF user vector, and which items it averaged. */
        final double[] r = new double[gmf];

        int[] history = new int[0];
        int from, to;

        Activations() {
            a[0] = new double[2 * mlp];
            for (int l = 0; l < hidden.length; l++) {
                a[l + 1] = new double[hidden[l]];
                keep[l] = new double[hidden[l]];
            }
        }
    }

    public Activations activations() {
        return new Activations();
    }

    /**
     * The logit of (user, item). With {@code dropout > 0} and a random source, hidden units are dropped (inverted
     * dropout), as in training; with {@code dropout == 0} this is the model that is exported.
     */
    public double forward(int user, int item, Activations act, double dropout, Random random) {
        return forward(user, item, act.history, 0, 0, act, dropout, random);
    }

    /**
     * As {@link #forward(int, int, Activations, double, Random)}, the user's recent items being
     * {@code history[from .. to)} (only the last {@code recent} of them count; none is allowed).
     */
    public double forward(
            int user, int item, int[] history, int from, int to, Activations act, double dropout, Random random) {
        int pu = user * gmf, qi = item * gmf;
        act.history = history;
        act.from = recent == 0 ? to : Math.max(from, to - recent);
        act.to = to;
        java.util.Arrays.fill(act.r, 0);
        int n = act.to - act.from;
        for (int h = act.from; h < act.to; h++) {
            int yj = history[h] * gmf;
            for (int k = 0; k < gmf; k++) act.r[k] += y[yj + k] / n;
        }
        double logit = outBias;
        for (int k = 0; k < gmf; k++) {
            act.gmfVec[k] = (p[pu + k] + act.r[k]) * q[qi + k];
            logit += out[k] * act.gmfVec[k];
        }
        System.arraycopy(u, user * mlp, act.a[0], 0, mlp);
        System.arraycopy(v, item * mlp, act.a[0], mlp, mlp);
        for (int l = 0; l < hidden.length; l++) {
            double[] in = act.a[l], z = act.a[l + 1], wl = w[l];
            int width = in.length;
            for (int j = 0; j < hidden[l]; j++) {
                double s = b[l][j];
                int row = j * width;
                for (int k = 0; k < width; k++) s += wl[row + k] * in[k];
                double keep =
                        dropout > 0 && random != null ? (random.nextDouble() < dropout ? 0 : 1 / (1 - dropout)) : 1;
                act.keep[l][j] = keep;
                z[j] = s > 0 ? s * keep : 0;
            }
        }
        double[] top = act.a[hidden.length];
        for (int k = 0; k < top.length; k++) logit += out[gmf + k] * top[k];
        return logit;
    }

    /** Adds the gradient of the loss for one pair, given dLoss/dLogit, to {@code g}. */
    public void backward(int user, int item, Activations act, double dLogit, Gradients g) {
        int pu = user * gmf, qi = item * gmf;
        int n = act.to - act.from;
        for (int k = 0; k < gmf; k++) {
            g.out[k] += dLogit * act.gmfVec[k];
            double dh = dLogit * out[k];
            g.p[pu + k] += dh * q[qi + k];
            g.q[qi + k] += dh * (p[pu + k] + act.r[k]);
            for (int h = act.from; h < act.to; h++) g.y[act.history[h] * gmf + k] += dh * q[qi + k] / n;
        }
        for (int h = act.from; h < act.to; h++) g.touchRecent(act.history[h]);
        g.outBias += dLogit;
        double[] da = g.scratch[hidden.length];
        double[] top = act.a[hidden.length];
        for (int k = 0; k < top.length; k++) {
            g.out[gmf + k] += dLogit * top[k];
            da[k] = dLogit * out[gmf + k];
        }
        for (int l = hidden.length - 1; l >= 0; l--) {
            double[] in = act.a[l], z = act.a[l + 1], wl = w[l], gw = g.w[l], gb = g.b[l];
            double[] below = g.scratch[l];
            java.util.Arrays.fill(below, 0, in.length, 0);
            int width = in.length;
            for (int j = 0; j < hidden[l]; j++) {
                if (z[j] <= 0) continue; // ReLU (and dropped units) pass no gradient
                double dz = da[j] * act.keep[l][j];
                gb[j] += dz;
                int row = j * width;
                for (int k = 0; k < width; k++) {
                    gw[row + k] += dz * in[k];
                    below[k] += dz * wl[row + k];
                }
            }
            da = below;
        }
        int uu = user * mlp, vi = item * mlp;
        for (int k = 0; k < mlp; k++) {
            g.u[uu + k] += da[k];
            g.v[vi + k] += da[mlp + k];
        }
        g.touch(user, item);
    }

    /** Gradient buffers shaped like the model, with the embedding rows touched since the last reset. */
    public final class Gradients {
        final double[] p = new double[NeuMF.this.p.length], q = new double[NeuMF.this.q.length];
        final double[] u = new double[NeuMF.this.u.length], v = new double[NeuMF.this.v.length];
        final double[][] w = new double[hidden.length][], b = new double[hidden.length][];
        final double[] out = new double[NeuMF.this.out.length];
        final double[][] scratch = new double[hidden.length + 1][];
        double outBias;
        final boolean[] userTouched = new boolean[users], itemTouched = new boolean[items];
        final int[] touchedUsers = new int[users], touchedItems = new int[items];
        int userCount, itemCount;
        final double[] y = new double[NeuMF.this.y.length];
        final boolean[] recentTouched = new boolean[recent == 0 ? 0 : items];
        final int[] touchedRecent = new int[recent == 0 ? 0 : items];
        int recentCount;

        Gradients() {
            for (int l = 0; l < hidden.length; l++) {
                w[l] = new double[NeuMF.this.w[l].length];
                b[l] = new double[hidden[l]];
            }
            for (int l = 0; l <= hidden.length; l++) scratch[l] = new double[l == 0 ? 2 * mlp : hidden[l - 1]];
        }

        void touchRecent(int item) {
            if (!recentTouched[item]) {
                recentTouched[item] = true;
                touchedRecent[recentCount++] = item;
            }
        }

        void touch(int user, int item) {
            if (!userTouched[user]) {
                userTouched[user] = true;
                touchedUsers[userCount++] = user;
            }
            if (!itemTouched[item]) {
                itemTouched[item] = true;
                touchedItems[itemCount++] = item;
            }
        }
    }

    public Gradients gradients() {
        return new Gradients();
    }

    /** This model with only the GMF tower (the MLP's output weights zeroed and frozen). */
    NeuMF gmfOnly() {
        java.util.Arrays.fill(out, gmf, out.length, 0);
        frozenFrom = gmf;
        frozenTo = out.length;
        return this;
    }

    /** This model with only the MLP tower. */
    NeuMF mlpOnly() {
        java.util.Arrays.fill(out, 0, gmf, 0);
        frozenFrom = 0;
        frozenTo = gmf;
        return this;
    }

    /**
     * NeuMF started from pretrained towers (He et al. 2017, section 3.4.1): GMF embeddings from one, MLP
     * embeddings and layers from the other, output weights of each scaled by alpha and 1 - alpha.
     */
    static NeuMF combine(NeuMF gmfTower, NeuMF mlpTower, double alpha) {
        NeuMF m = new NeuMF(
                gmfTower.users, gmfTower.items, gmfTower.gmf, gmfTower.mlp, gmfTower.hidden, gmfTower.recent, 0);
        System.arraycopy(gmfTower.p, 0, m.p, 0, m.p.length);
        System.arraycopy(gmfTower.y, 0, m.y, 0, m.y.length);
        System.arraycopy(gmfTower.q, 0, m.q, 0, m.q.length);
        System.arraycopy(mlpTower.u, 0, m.u, 0, m.u.length);
        System.arraycopy(mlpTower.v, 0, m.v, 0, m.v.length);
        for (int l = 0; l < m.w.length; l++) {
            System.arraycopy(mlpTower.w[l], 0, m.w[l], 0, m.w[l].length);
            System.arraycopy(mlpTower.b[l], 0, m.b[l], 0, m.b[l].length);
        }
        for (int k = 0; k < m.out.length; k++)
            m.out[k] = k < m.gmf ? alpha * gmfTower.out[k] : (1 - alpha) * mlpTower.out[k];
        m.outBias = alpha * gmfTower.outBias + (1 - alpha) * mlpTower.outBias;
        return m;
    }

    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** Probability that {@code user} interacts with {@code item}, without dropout. */
    public double score(int user, int item, Activations act) {
        return sigmoid(forward(user, item, act, 0, null));
    }

    /** As {@link #score(int, int, Activations)}, the user's recent items being {@code history[from .. to)}. */
    public double score(int user, int item, int[] history, int from, int to, Activations act) {
        return sigmoid(forward(user, item, history, from, to, act, 0, null));
    }

    /** How many latest items feed the user vector (0: none). */
    public int recent() {
        return recent;
    }

    public int users() {
        return users;
    }

    public int items() {
        return items;
    }
}
