package io.affinity.training.ncf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written backward pass of NeuMF against central finite differences of the loss, parameter by parameter. */
class NeuMFGradientTest {

    private static final int[] USERS = {0, 1, 2, 1, 0};
    private static final int[] ITEMS = {3, 0, 2, 1, 1};
    private static final int[] LABELS = {1, 0, 1, 1, 0};
    /** The user's items before each sample: HISTORY[0 .. TO[k]) (a model with recent items averages the latest). */
    private static final int[] HISTORY = {1, 3, 2};

    private static final int[] TO = {0, 1, 3, 2, 3};

    @Test
    void analyticGradientsMatchFiniteDifferences() {
        NeuMF model = new NeuMF(3, 4, 3, 2, new int[] {5, 3}, 7);
        scaleUp(model); // embeddings of 0.01 make every gradient tiny; larger values exercise every path
        NeuMF.Gradients g = model.gradients();
        NeuMF.Activations act = model.activations();
        for (int k = 0; k < USERS.length; k++) {
            double p = NeuMF.sigmoid(model.forward(USERS[k], ITEMS[k], HISTORY, 0, TO[k], act, 0, null));
            model.backward(USERS[k], ITEMS[k], act, p - LABELS[k], g);
        }
        List<double[]> params =
                List.of(model.p, model.q, model.u, model.v, model.w[0], model.b[0], model.w[1], model.b[1], model.out);
        List<double[]> grads = List.of(g.p, g.q, g.u, g.v, g.w[0], g.b[0], g.w[1], g.b[1], g.out);
        List<String> wrong = new ArrayList<>();
        int checked = compare(model, params, grads, wrong);
        double bias = numericBias(model);
        assertEquals(bias, g.outBias, 1e-7);
        assertTrue(wrong.isEmpty(), "gradients off: " + wrong);
        assertEquals(3 * 3 + 4 * 3 + 3 * 2 + 4 * 2 + 5 * 4 + 5 + 3 * 5 + 3 + (3 + 3), checked);
    }

    @Test
    void recentItemGradientsMatchFiniteDifferences() {
        NeuMF model = new NeuMF(3, 4, 3, 2, new int[] {5, 3}, 2, 7);
        scaleUp(model);
        for (int k = 0; k < model.y.length; k++) model.y[k] *= 60;
        NeuMF.Gradients g = model.gradients();
        NeuMF.Activations act = model.activations();
        for (int k = 0; k < USERS.length; k++) {
            double p = NeuMF.sigmoid(model.forward(USERS[k], ITEMS[k], HISTORY, 0, TO[k], act, 0, null));
            model.backward(USERS[k], ITEMS[k], act, p - LABELS[k], g);
        }
        List<String> wrong = new ArrayList<>();
        compare(model, List.of(model.p, model.q, model.y, model.out), List.of(g.p, g.q, g.y, g.out), wrong);
        assertTrue(wrong.isEmpty(), "gradients off: " + wrong);
        // Items 1, 3 and 2 were someone's recent items; item 0 never: its row has no gradient.
        for (int k = 0; k < 3; k++) assertEquals(0, g.y[k]);
        assertTrue(g.recentCount == 3, "rows touched for the optimiser: " + g.recentCount);
    }

    @Test
    void dropoutScalesKeptUnitsAndBlocksDroppedOnes() {
        NeuMF model = new NeuMF(2, 2, 2, 2, new int[] {4}, 3);
        scaleUp(model);
        NeuMF.Activations act = model.activations();
        var random = new java.util.Random(1);
        model.forward(0, 1, act, 0.5, random);
        for (int j = 0; j < 4; j++) {
            double keep = act.keep[0][j];
            assertTrue(keep == 0 || keep == 2, "inverted dropout keeps with 1/(1-p): " + keep);
            if (keep == 0) assertEquals(0, act.a[1][j]);
        }
    }

    /** Each analytic gradient against the finite difference; the mismatches go to {@code wrong}. */
    private static int compare(NeuMF model, List<double[]> params, List<double[]> grads, List<String> wrong) {
        int checked = 0;
        for (int a = 0; a < params.size(); a++) {
            for (int k = 0; k < params.get(a).length; k++) {
                double numeric = numericGradient(model, params.get(a), k);
                double analytic = grads.get(a)[k];
                double scale = Math.max(1e-6, Math.abs(numeric) + Math.abs(analytic));
                if (Math.abs(numeric - analytic) / scale > 1e-5)
                    wrong.add("array " + a + "[" + k + "]: " + analytic + " vs " + numeric);
                checked++;
            }
        }
        return checked;
    }

    private static void scaleUp(NeuMF m) {
        for (double[] a : List.of(m.p, m.q, m.u, m.v)) for (int k = 0; k < a.length; k++) a[k] *= 60;
        for (int l = 0; l < m.b.length; l++) for (int k = 0; k < m.b[l].length; k++) m.b[l][k] = 0.1 * (k + 1);
    }

    private static double loss(NeuMF m) {
        NeuMF.Activations act = m.activations();
        double sum = 0;
        for (int k = 0; k < USERS.length; k++) {
            double p = NeuMF.sigmoid(m.forward(USERS[k], ITEMS[k], HISTORY, 0, TO[k], act, 0, null));
            sum -= LABELS[k] == 1 ? Math.log(p) : Math.log(1 - p);
        }
        return sum;
    }

    private static double numericGradient(NeuMF m, double[] param, int k) {
        double h = 1e-6, saved = param[k];
        param[k] = saved + h;
        double up = loss(m);
        param[k] = saved - h;
        double down = loss(m);
        param[k] = saved;
        return (up - down) / (2 * h);
    }

    private static double numericBias(NeuMF m) {
        double h = 1e-6, saved = m.outBias;
        m.outBias = saved + h;
        double up = loss(m);
        m.outBias = saved - h;
        double down = loss(m);
        m.outBias = saved;
        return (up - down) / (2 * h);
    }
}
