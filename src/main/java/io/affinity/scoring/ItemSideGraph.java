package io.affinity.scoring;

import static io.affinity.models.NeuMFGraph.*;
import static io.affinity.models.OnnxProtos.floatInit;
import static io.affinity.models.OnnxProtos.integer;
import static io.affinity.models.OnnxProtos.node;
import static io.affinity.models.OnnxProtos.tensor;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.affinity.models.ModelException;
import io.affinity.models.NeuMFGraph;
import io.affinity.models.OnnxProtos;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a NeuMF graph (as training exports it, by the contract {@link NeuMFGraph}) into one that scores every item for one user
 * in a single ONNX Runtime call, with what depends only on the item computed once at load: the item half of the
 * first MLP layer ({@code V · W0_item^T}, items x h0); the GMF item vectors are used whole. Only the first layer's
 * nodes are replaced; the user lookups, the upper layers and the output are the exported graph's own nodes. Input
 * {@code user} int64 [1] (and, for a model with recent items, {@code recent} int64 [1, k]: the customer's latest
 * products, kept with the user side); output {@code score} [items, 1].
 */
final class ItemSideGraph {

    /** Nodes of the pair graph that the all-items graph replaces (the per-pair item lookups and the first layer). */
    private static final Set<String> REPLACED = Set.of(GMF_ITEM_NODE, GMF_NODE, MLP_ITEM_NODE, MLP_IN_NODE, layer(0));

    private ItemSideGraph() {}

    static byte[] derive(byte[] neumfOnnx, String label) {
        OnnxMl.GraphProto pair;
        try {
            pair = OnnxMl.ModelProto.parseFrom(neumfOnnx).getGraph();
        } catch (InvalidProtocolBufferException e) {
            throw new ModelException(label + ": not an ONNX model: " + e.getMessage(), e);
        }
        OnnxMl.ValueInfoProto recent = pair.getInputList().stream()
                .filter(i -> i.getName().equals(RECENT))
                .findFirst()
                .orElse(null);
        Map<String, OnnxMl.TensorProto> init = new HashMap<>();
        pair.getInitializerList().forEach(t -> init.put(t.getName(), t));
        for (String name :
                new String[] {GMF_USERS, GMF_ITEMS, MLP_USERS, MLP_ITEMS, weights(0), bias(0), OUT_WEIGHTS, OUT_BIAS}) {
            if (!init.containsKey(name))
                throw new ModelException(label + ": not a NeuMF graph of ours (no initializer " + name + ")");
        }
        int items = (int) init.get(GMF_ITEMS).getDims(0),
                m = (int) init.get(MLP_ITEMS).getDims(1),
                h0 = (int) init.get(weights(0)).getDims(0);
        float[] w0 = floats(init.get(weights(0))), v = floats(init.get(MLP_ITEMS));
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
        graph.addInput(tensor(USER, OnnxProtos.INT64, 1));
        if (recent != null) {
            long k = recent.getType().getTensorType().getShape().getDim(1).getDimValue();
            graph.addInput(tensor(RECENT, OnnxProtos.INT64, 1, k));
        }
        pair.getInitializerList().stream()
                .filter(t -> !Set.of(MLP_ITEMS, weights(0)).contains(t.getName()))
                .forEach(graph::addInitializer);
        graph.addInitializer(floatInit("ItemL0", itemL0, items, h0));
        graph.addInitializer(floatInit("W0User", w0User, h0, m));
        for (OnnxMl.NodeProto n : pair.getNodeList()) {
            if (!REPLACED.contains(n.getName())) {
                graph.addNode(n);
            } else if (n.getName().equals(GMF_NODE)) {
                // All items times the GMF user vector: "pu", or "pu_recent" when recent items join it.
                String gmfUser = n.getInput(0);
                graph.addNode(node("Mul", null, GMF_NODE, new String[] {GMF_ITEMS, gmfUser}, new String[] {GMF_VALUE}));
            } else if (n.getName().equals(layer(0))) {
                graph.addNode(node(
                        "Gemm",
                        null,
                        "layer0_user",
                        new String[] {MLP_USER_VALUE, "W0User", bias(0)},
                        new String[] {"z0u"},
                        integer("transB", 1)));
                graph.addNode(
                        node("Add", null, layer(0), new String[] {"ItemL0", "z0u"}, new String[] {layerValue(0)}));
            }
        }
        graph.addOutput(tensor(SCORE, OnnxProtos.FLOAT, items, 1));
        return OnnxProtos.model(
                graph.build(), false, "NeuMF over all " + items + " items with the item side precomputed");
    }

    private static float[] floats(OnnxMl.TensorProto t) {
        float[] data = new float[t.getRawData().size() / 4];
        ByteBuffer.wrap(t.getRawData().toByteArray())
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(data);
        return data;
    }
}
