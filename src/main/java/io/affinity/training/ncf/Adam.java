package io.affinity.training.ncf;

/**
 * Adam with decoupled handling of the embedding tables: only rows touched in the minibatch are updated ("lazy"
 * Adam, like PyTorch's SparseAdam), so a step costs what the batch touched rather than the whole catalogue. L2 is
 * added to the gradient of every updated parameter.
 */
final class Adam {

    private static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    private final NeuMF model;
    private final double lr;
    private final double l2;
    private final Moments p, q, u, v, y, out;
    private final Moments[] w, b;
    private final Moments outBias = new Moments(1);
    private int t;

    Adam(NeuMF model, double lr, double l2) {
        this.model = model;
        this.lr = lr;
        this.l2 = l2;
        p = new Moments(model.p.length);
        q = new Moments(model.q.length);
        u = new Moments(model.u.length);
        v = new Moments(model.v.length);
        y = new Moments(model.y.length);
        out = new Moments(model.out.length);
        w = new Moments[model.hidden.length];
        b = new Moments[model.hidden.length];
        for (int l = 0; l < w.length; l++) {
            w[l] = new Moments(model.w[l].length);
            b[l] = new Moments(model.b[l].length);
        }
    }

    /** Applies and clears the accumulated gradients. */
    void step(NeuMF.Gradients g) {
        t++;
        double rate = lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
        for (int k = 0; k < g.userCount; k++) {
            int user = g.touchedUsers[k];
            rows(p, model.p, g.p, user * model.gmf, model.gmf, rate);
            rows(u, model.u, g.u, user * model.mlp, model.mlp, rate);
            g.userTouched[user] = false;
        }
        for (int k = 0; k < g.itemCount; k++) {
            int item = g.touchedItems[k];
            rows(q, model.q, g.q, item * model.gmf, model.gmf, rate);
            rows(v, model.v, g.v, item * model.mlp, model.mlp, rate);
            g.itemTouched[item] = false;
        }
        for (int k = 0; k < g.recentCount; k++) {
            int item = g.touchedRecent[k];
            rows(y, model.y, g.y, item * model.gmf, model.gmf, rate);
            g.recentTouched[item] = false;
        }
        g.userCount = 0;
        g.itemCount = 0;
        g.recentCount = 0;
        for (int l = 0; l < w.length; l++) {
            rows(w[l], model.w[l], g.w[l], 0, model.w[l].length, rate);
            rows(b[l], model.b[l], g.b[l], 0, model.b[l].length, rate); // biases also decay: tiny, keeps code one path
        }
        rows(out, model.out, g.out, 0, model.out.length, rate);
        for (int k = model.frozenFrom; k < model.frozenTo; k++) model.out[k] = 0; // a switched-off tower stays off
        double[] bias = {model.outBias};
        double[] gBias = {g.outBias};
        rows(outBias, bias, gBias, 0, 1, rate);
        model.outBias = bias[0];
        g.outBias = 0;
    }

    private void rows(Moments m, double[] param, double[] grad, int from, int length, double rate) {
        for (int k = from; k < from + length; k++) {
            double gk = grad[k] + l2 * param[k];
            m.first[k] = BETA1 * m.first[k] + (1 - BETA1) * gk;
            m.second[k] = BETA2 * m.second[k] + (1 - BETA2) * gk * gk;
            param[k] -= rate * m.first[k] / (Math.sqrt(m.second[k]) + EPS);
            grad[k] = 0;
        }
    }

    private static final class Moments {
        final double[] first, second;

        Moments(int n) {
            first = new double[n];
            second = new double[n];
        }
    }
}
