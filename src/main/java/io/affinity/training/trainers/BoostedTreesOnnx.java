package io.affinity.training.trainers;

import static io.affinity.models.OnnxProtos.floats;
import static io.affinity.models.OnnxProtos.integer;
import static io.affinity.models.OnnxProtos.ints;
import static io.affinity.models.OnnxProtos.node;
import static io.affinity.models.OnnxProtos.string;
import static io.affinity.models.OnnxProtos.tensor;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import io.affinity.models.OnnxProtos;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes XGBoost's trees (its JSON model dump) as one ONNX-ML {@code TreeEnsembleRegressor} summing the leaves
 * onto the bias, then a {@code Sigmoid}: the probability XGBoost's {@code binary:logistic} gives.
 *
 * <p>XGBoost sends a row to the {@code yes} child when {@code x < split_condition}, in float: that is ONNX's
 * {@code BRANCH_LT} with the same float threshold. Missing values follow XGBoost's {@code missing} child (our
 * pipeline fills them, so they only matter for foreign inputs).
 */
public final class BoostedTreesOnnx {

    public static final String INPUT = "input";
    public static final String OUTPUT = "probability";

    private BoostedTreesOnnx() {}

    public static byte[] export(List<JsonNode> trees, float bias, int width) {
        Nodes nodes = new Nodes();
        for (int t = 0; t < trees.size(); t++) nodes.write(t, trees.get(t));
        var ensemble = node(
                "TreeEnsembleRegressor",
                "ai.onnx.ml",
                "boosted_trees",
                new String[] {INPUT},
                new String[] {"margin"},
                nodes.table.attributes(
                        integer("n_targets", 1),
                        ints("nodes_missing_value_tracks_true", nodes.missingTrue),
                        ints("target_treeids", nodes.leafTreeIds),
                        ints("target_nodeids", nodes.leafNodeIds),
                        ints("target_ids", new long[nodes.leafTreeIds.size()]),
                        floats("target_weights", nodes.leafValues),
                        floats("base_values", bias),
                        string("aggregate_function", "SUM"),
                        string("post_transform", "NONE")));
        var sigmoid = node("Sigmoid", null, "logistic", new String[] {"margin"}, new String[] {OUTPUT});
        var graph = OnnxMl.GraphProto.newBuilder()
                .setName("gradient-boosting")
                .addNode(ensemble)
                .addNode(sigmoid)
                .addInput(tensor(INPUT, OnnxProtos.FLOAT, -1, width))
                .addOutput(tensor(OUTPUT, OnnxProtos.FLOAT, -1, 1))
                .build();
        return OnnxProtos.model(
                graph, true, "XGBoost gradient-boosted trees (" + trees.size() + "), written by affinity");
    }

    /** The leaf value {@code x} reaches in one dumped tree, walked as XGBoost walks it. */
    static double leafValue(JsonNode node, float[] x) {
        while (!node.has("leaf")) {
            float v = x[feature(node)];
            int next = Float.isNaN(v)
                    ? node.get("missing").asInt()
                    : v < (float) node.get("split_condition").asDouble()
                            ? node.get("yes").asInt()
                            : node.get("no").asInt();
            JsonNode child = null;
            for (JsonNode c : node.get("children")) if (c.get("nodeid").asInt() == next) child = c;
            if (child == null) throw new IllegalArgumentException("tree dump has no node " + next);
            node = child;
        }
        return (float) node.get("leaf").asDouble();
    }

    private static int feature(JsonNode split) {
        String name = split.get("split").asText(); // "f12" without a feature map
        return Integer.parseInt(name.startsWith("f") ? name.substring(1) : name);
    }

    /** The operator's attribute arrays, tree by tree; node ids are XGBoost's own. */
    private static final class Nodes {
        final TreeNodes table = new TreeNodes();
        final List<Long> missingTrue = new ArrayList<>();
        final List<Long> leafTreeIds = new ArrayList<>(), leafNodeIds = new ArrayList<>();
        final List<Float> leafValues = new ArrayList<>();

        void write(int tree, JsonNode node) {
            long id = node.get("nodeid").asLong();
            if (node.has("leaf")) {
                table.leaf(tree, id);
                missingTrue.add(0L);
                leafTreeIds.add((long) tree);
                leafNodeIds.add(id);
                leafValues.add((float) node.get("leaf").asDouble());
                return;
            }
            long yes = node.get("yes").asLong();
            table.split(
                    tree,
                    id,
                    feature(node),
                    (float) node.get("split_condition").asDouble(),
                    "BRANCH_LT",
                    yes,
                    node.get("no").asLong());
            missingTrue.add(node.get("missing").asLong() == yes ? 1L : 0L);
            for (JsonNode child : node.get("children")) write(tree, child);
        }
    }
}
