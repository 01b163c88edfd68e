package io.affinity.scoring;

import static io.affinity.models.OnnxProtos.floatInit;
import static io.affinity.models.OnnxProtos.integer;
import static io.affinity.models.OnnxProtos.node;
import static io.affinity.models.OnnxProtos.tensor;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.affinity.models.ModelException;
import io.affinity.models.OnnxProtos;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Rewrites a NeuMF graph (as exported by training) into one that scores every item for one user in a single
 * ONNX Runtime call, with what depends only on the item computed once at load: the item half of the first MLP
 * layer ({@code V · W0_item^T}, items x h0) and the GMF item vectors. Per request only the user half
 * ({@code U[u] · W0_user^T + b0}, one row) and the layers above it remain. Input {@code user} int64 [1]; output
 * {@code score} [items, 1].
 */
final class ItemSideGraph {

    private ItemSideGraph() {}

    static byte[] derive(byte[] neumfOnnx, String label) {
        Map<String, float[]> w = new HashMap<>();
        Map<String, long[]> dims = new HashMap<>();
        try {
            for (OnnxMl.TensorProto t :
                    OnnxMl.ModelProto.parseFrom(neumfOnnx).getGraph().getInitializerList()) {
                float[] data = new float[t.getRawData().size() / 4];
                ByteBuffer.wrap(t.getRawData().toByteArray())
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(data);
                w.put(t.getName(), data);
                dims.put(
                        t.getName(),
                        t.getDimsList().stream().mapToLong(Long::longValue).toArray());
            }
        } catch (InvalidProtocolBufferException e) {
            throw new ModelException(label + ": not an ONNX model: " + e.getMessage(), e);
        }
        for (String name : new String[] {"P", "Q", "U", "V", "W0", "B0", "Wout", "Bout"}) {
            if (!w.containsKey(name))
                throw new ModelException(label + ": not a NeuMF graph of ours (no initializer " + name + ")");
        }
        int items = (int) dims.get("Q")[0], g = (int) dims.get("Q")[1], m = (int) dims.get("V")[1];
        int h0 = (int) dims.get("W0")[0];
        float[] w0 = w.get("W0"), v = w.get("V");
        // W0 is [h0, 2m]: columns 0..m-1 see the user embedding, m..2m-1 the item embedding.
        float[] itemL0 = new float[items * h0];
        float[] w0User = new float[h0 * m];
        for (int j = 0; j < h0; j++) {
            System.arraycopy(w0, j * 2 * m, w0User, j * m, m);
            for (int i = 0; i < items; i++) {
                double s = 0;
                for (int k = 0; k < m; k++) s += (double) v[i * m + k] * w0[j * 2 * m + m + k];
                itemL0[i * h0 + j] = (float) s;
            }
        }
        var graph = OnnxMl.GraphProto.newBuilder().setName("neumf-all-items");
        graph.addInput(tensor("user", OnnxProtos.INT64, 1));
        graph.addInitializer(floatInit("P", w.get("P"), dims.get("P")));
        graph.addInitializer(floatInit("Q", w.get("Q"), dims.get("Q")));
        graph.addInitializer(floatInit("U", w.get("U"), dims.get("U")));
        graph.addInitializer(floatInit("ItemL0", itemL0, items, h0));
        graph.addInitializer(floatInit("W0User", w0User, h0, m));
        graph.addInitializer(floatInit("B0", w.get("B0"), h0));
        graph.addNode(
                node("Gather", null, "gmf_user", new String[] {"P", "user"}, new String[] {"pu"}, integer("axis", 0)));
        graph.addNode(node("Mul", null, "gmf", new String[] {"Q", "pu"}, new String[] {"gmf"}));
        graph.addNode(
                node("Gather", null, "mlp_user", new String[] {"U", "user"}, new String[] {"uu"}, integer("axis", 0)));
        graph.addNode(node(
                "Gemm",
                null,
                "layer0_user",
                new String[] {"uu", "W0User", "B0"},
                new String[] {"z0u"},
                integer("transB", 1)));
        graph.addNode(node("Add", null, "layer0", new String[] {"ItemL0", "z0u"}, new String[] {"z0"}));
        graph.addNode(node("Relu", null, "relu0", new String[] {"z0"}, new String[] {"a1"}));
        String below = "a1";
        for (int l = 1; w.containsKey("W" + l); l++) {
            graph.addInitializer(floatInit("W" + l, w.get("W" + l), dims.get("W" + l)));
            graph.addInitializer(floatInit("B" + l, w.get("B" + l), dims.get("B" + l)));
            graph.addNode(node(
                    "Gemm",
                    null,
                    "layer" + l,
                    new String[] {below, "W" + l, "B" + l},
                    new String[] {"z" + l},
                    integer("transB", 1)));
            graph.addNode(node("Relu", null, "relu" + l, new String[] {"z" + l}, new String[] {"a" + (l + 1)}));
            below = "a" + (l + 1);
        }
        graph.addNode(
                node("Concat", null, "join", new String[] {"gmf", below}, new String[] {"joined"}, integer("axis", 1)));
        graph.addInitializer(floatInit("Wout", w.get("Wout"), dims.get("Wout")));
        graph.addInitializer(floatInit("Bout", w.get("Bout"), dims.get("Bout")));
        graph.addNode(node(
                "Gemm",
                null,
                "output",
                new String[] {"joined", "Wout", "Bout"},
                new String[] {"logit"},
                integer("transB", 1)));
        graph.addNode(node("Sigmoid", null, "probability", new String[] {"logit"}, new String[] {"score"}));
        graph.addOutput(tensor("score", OnnxProtos.FLOAT, items, 1));
        return OnnxProtos.model(
                graph.build(),
                false,
                "NeuMF over all " + items + " items with the item side precomputed (" + g + " GMF, " + m + " MLP)");
    }
}
