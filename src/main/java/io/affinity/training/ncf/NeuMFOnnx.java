package io.affinity.training.ncf;

import static io.affinity.models.NeuMFGraph.*;
import static io.affinity.models.OnnxProtos.floatInit;
import static io.affinity.models.OnnxProtos.integer;
import static io.affinity.models.OnnxProtos.node;
import static io.affinity.models.OnnxProtos.tensor;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.affinity.models.ModelException;
import io.affinity.models.NeuMFGraph;
import io.affinity.models.OnnxModel;
import io.affinity.models.OnnxProtos;
import io.affinity.training.ParityCheck;
import io.affinity.training.eval.ParityException;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * Writes a trained {@link NeuMF} as a standard-operator ONNX graph (Gather, Mul, Concat, Gemm, Relu, Sigmoid):
 * inputs {@code user} and {@code item} (int64 dense ids, one pair per row), output {@code score} [N, 1], the
 * probability of an interaction. Dropout is training-only and does not appear. A model with recent items has a
 * third input {@code recent} int64 [N, recent]: the user's latest item ids, the slots not filled holding the
 * item count (a zero row), averaged into the GMF user vector.
 */
public final class NeuMFOnnx {

    private NeuMFOnnx() {}

    public static byte[] export(NeuMF m) {
        var g = OnnxMl.GraphProto.newBuilder().setName("neumf");
        g.addInput(tensor(USER, OnnxProtos.INT64, -1)).addInput(tensor(ITEM, OnnxProtos.INT64, -1));
        g.addInitializer(floatInit(GMF_USERS, f(m.p), m.users, m.gmf));
        g.addInitializer(floatInit(GMF_ITEMS, f(m.q), m.items, m.gmf));
        g.addInitializer(floatInit(MLP_USERS, f(m.u), m.users, m.mlp));
        g.addInitializer(floatInit(MLP_ITEMS, f(m.v), m.items, m.mlp));
        g.addNode(node(
                "Gather", null, "gmf_user", new String[] {GMF_USERS, USER}, new String[] {"pu"}, integer("axis", 0)));
        g.addNode(node(
                "Gather",
                null,
                GMF_ITEM_NODE,
                new String[] {GMF_ITEMS, ITEM},
                new String[] {"qi"},
                integer("axis", 0)));
        String gmfUser = "pu";
        if (m.recent > 0) {
            addRecent(g, m);
            gmfUser = "pu_recent";
        }
        g.addNode(node("Mul", null, GMF_NODE, new String[] {gmfUser, "qi"}, new String[] {GMF_VALUE}));
        g.addNode(node(
                "Gather",
                null,
                "mlp_user",
                new String[] {MLP_USERS, USER},
                new String[] {MLP_USER_VALUE},
                integer("axis", 0)));
        g.addNode(node(
                "Gather",
                null,
                MLP_ITEM_NODE,
                new String[] {MLP_ITEMS, ITEM},
                new String[] {"vi"},
                integer("axis", 0)));
        g.addNode(node(
                "Concat",
                null,
                MLP_IN_NODE,
                new String[] {MLP_USER_VALUE, "vi"},
                new String[] {"a0"},
                integer("axis", 1)));
        String below = "a0";
        for (int l = 0; l < m.hidden.length; l++) {
            g.addInitializer(floatInit(weights(l), f(m.w[l]), m.hidden[l], m.inputOf(l)));
            g.addInitializer(floatInit(bias(l), f(m.b[l]), m.hidden[l]));
            g.addNode(node(
                    "Gemm",
                    null,
                    layer(l),
                    new String[] {below, weights(l), bias(l)},
                    new String[] {layerValue(l)},
                    integer("transB", 1)));
            g.addNode(node("Relu", null, "relu" + l, new String[] {layerValue(l)}, new String[] {"a" + (l + 1)}));
            below = "a" + (l + 1);
        }
        g.addNode(node(
                "Concat", null, "join", new String[] {GMF_VALUE, below}, new String[] {"joined"}, integer("axis", 1)));
        g.addInitializer(floatInit(OUT_WEIGHTS, f(m.out), 1, m.out.length));
        g.addInitializer(floatInit(OUT_BIAS, new float[] {(float) m.outBias}, 1));
        g.addNode(node(
                "Gemm",
                null,
                "output",
                new String[] {"joined", OUT_WEIGHTS, OUT_BIAS},
                new String[] {"logit"},
                integer("transB", 1)));
        g.addNode(node("Sigmoid", null, "probability", new String[] {"logit"}, new String[] {SCORE}));
        g.addOutput(tensor(SCORE, OnnxProtos.FLOAT, -1, 1));
        return OnnxProtos.model(g.build(), false, "NeuMF (GMF " + m.gmf + " + MLP " + m.mlp + "), trained by affinity");
    }

    /**
     * The GMF user vector plus the mean of the recent items' embeddings: Gather from Y with a zero row appended for
     * the padding id, sum over the slots, divide by the slots filled (at least one, so no recent items adds zero).
     */
    private static void addRecent(OnnxMl.GraphProto.Builder g, NeuMF m) {
        g.addInput(tensor(RECENT, OnnxProtos.INT64, -1, m.recent));
        float[] padded = java.util.Arrays.copyOf(f(m.y), (m.items + 1) * m.gmf);
        g.addInitializer(floatInit(RECENT_ITEMS, padded, m.items + 1, m.gmf));
        g.addInitializer(OnnxProtos.longInit("pad", new long[] {m.items}, 1));
        g.addInitializer(OnnxProtos.longInit("slots", new long[] {1}, 1));
        g.addInitializer(floatInit("one", new float[] {1f}, 1));
        g.addNode(node(
                "Gather",
                null,
                "recent_items",
                new String[] {RECENT_ITEMS, RECENT},
                new String[] {"yr"},
                integer("axis", 0)));
        g.addNode(node(
                "ReduceSum",
                null,
                "recent_sum",
                new String[] {"yr", "slots"},
                new String[] {"ysum"},
                integer("keepdims", 0)));
        g.addNode(node("Less", null, "filled", new String[] {RECENT, "pad"}, new String[] {"filled"}));
        g.addNode(node(
                "Cast",
                null,
                "filled_float",
                new String[] {"filled"},
                new String[] {"filled_f"},
                integer("to", OnnxProtos.FLOAT)));
        g.addNode(node(
                "ReduceSum",
                null,
                "recent_count",
                new String[] {"filled_f", "slots"},
                new String[] {"count"},
                integer("keepdims", 1)));
        g.addNode(node("Max", null, "at_least_one", new String[] {"count", "one"}, new String[] {"divisor"}));
        g.addNode(node("Div", null, "recent_mean", new String[] {"ysum", "divisor"}, new String[] {"ymean"}));
        g.addNode(node("Add", null, "gmf_user_recent", new String[] {"pu", "ymean"}, new String[] {"pu_recent"}));
    }

    /**
     * Scores (user, item) pairs in ONNX Runtime and compares them with the trainer's; the export fails when any
     * pair differs by more than {@link ParityCheck#TOLERANCE}.
     *
     * @param seen the interactions the model learnt from: each user's latest are their recent items
     * @return the largest difference
     */
    public static double verify(NeuMF m, byte[] onnx, int[] users, int[] items, Interactions seen) {
        NeuMF.Activations act = m.activations();
        int k0 = Math.max(1, m.recent);
        long[] recent = new long[users.length * k0];
        for (int k = 0; k < users.length && m.recent > 0; k++)
            System.arraycopy(NeuMFGraph.recentRow(seen.sequence(users[k]), m.recent, m.items), 0, recent, k * k0, k0);
        try (OnnxModel model = OnnxModel.load(onnx, null, "parity check of NeuMF", 1);
                OnnxTensor u = OnnxTensor.createTensor(
                        OnnxModel.environment(), LongBuffer.wrap(longs(users)), new long[] {users.length});
                OnnxTensor i = OnnxTensor.createTensor(
                        OnnxModel.environment(), LongBuffer.wrap(longs(items)), new long[] {items.length});
                OnnxTensor r = OnnxTensor.createTensor(
                        OnnxModel.environment(), LongBuffer.wrap(recent), new long[] {users.length, k0});
                OrtSession.Result result = model.session()
                        .run(m.recent > 0 ? Map.of(USER, u, ITEM, i, RECENT, r) : Map.of(USER, u, ITEM, i))) {
            float[][] scores = (float[][]) result.get(0).getValue();
            double worst = 0;
            for (int k = 0; k < users.length; k++) {
                int[] history = seen.sequence(users[k]);
                double d = Math.abs(m.score(users[k], items[k], history, 0, history.length, act) - scores[k][0]);
                if (!(d <= worst)) worst = d;
            }
            if (!(worst <= ParityCheck.TOLERANCE))
                throw new ParityException("NeuMF: ONNX Runtime differs from the trainer by " + worst);
            return worst;
        } catch (OrtException e) {
            throw new ModelException("parity check of NeuMF: " + e.getMessage(), e);
        }
    }

    private static long[] longs(int[] a) {
        long[] out = new long[a.length];
        for (int k = 0; k < a.length; k++) out[k] = a[k];
        return out;
    }

    private static float[] f(double[] a) {
        float[] out = new float[a.length];
        for (int k = 0; k < a.length; k++) out[k] = (float) a[k];
        return out;
    }
}
