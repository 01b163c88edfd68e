package io.affinity.training.trainers;

import static io.affinity.models.OnnxProtos.floats;
import static io.affinity.models.OnnxProtos.ints;
import static io.affinity.models.OnnxProtos.node;
import static io.affinity.models.OnnxProtos.string;
import static io.affinity.models.OnnxProtos.tensor;

import ai.onnx.proto.OnnxMl;
import io.affinity.models.OnnxProtos;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;

/**
 * Writes a Tribuo forest of classification trees as one ONNX-ML {@code TreeEnsembleClassifier}. Each leaf adds
 * its class distribution divided by the number of trees, which is how Tribuo's fully weighted vote averages them.
 *
 * <p>Tribuo compares {@code x > split} in double precision, ONNX Runtime {@code x <= threshold} in float. Inputs
 * are floats on both sides, so each threshold is rounded down to the largest float not above the double split:
 * for every float x, {@code x <= t} then holds exactly when {@code x <= split} does.
 */
public final class TreeEnsembleOnnx {

    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";

    private TreeEnsembleOnnx() {}

    public static byte[] export(WeightedEnsembleModel<Label> forest, int width) {
        Nodes nodes = new Nodes();
        List<Model<Label>> trees = forest.getModels();
        for (int t = 0; t < trees.size(); t++) {
            if (!(trees.get(t) instanceof TreeModel<Label> tree))
                throw new IllegalArgumentException("ensemble member " + t + " is not a tree: "
                        + trees.get(t).getClass());
            nodes.write(tree, t, trees.size(), tree.getRoot(), new int[] {0});
        }
        var ensemble = node(
                "TreeEnsembleClassifier",
                "ai.onnx.ml",
                "forest",
                new String[] {INPUT},
                new String[] {"label", OUTPUT},
                nodes.table.attributes(
                        ints("classlabels_int64s", 0, 1),
                        ints("class_treeids", nodes.classTreeIds),
                        ints("class_nodeids", nodes.classNodeIds),
                        ints("class_ids", nodes.classIds),
                        floats("class_weights", nodes.classWeights),
                        string("post_transform", "NONE")));
        var graph = OnnxMl.GraphProto.newBuilder()
                .setName("random-forest")
                .addNode(ensemble)
                .addInput(tensor(INPUT, OnnxProtos.FLOAT, -1, width))
                .addOutput(tensor("label", OnnxProtos.INT64, -1))
                .addOutput(tensor(OUTPUT, OnnxProtos.FLOAT, -1, 2))
                .build();
        return OnnxProtos.model(graph, true, "Tribuo random forest of " + trees.size() + " trees, written by affinity");
    }

    /** The operator's attribute arrays, filled tree by tree in depth-first order. */
    private static final class Nodes {
        final TreeNodes table = new TreeNodes();
        final List<Long> classTreeIds = new ArrayList<>(),
                classNodeIds = new ArrayList<>(),
                classIds = new ArrayList<>();
        final List<Float> classWeights = new ArrayList<>();

        /** Writes {@code node} and its subtree; {@code next} holds the next free node id of this tree. */
        int write(TreeModel<Label> tree, int treeId, int treeCount, Node<Label> node, int[] next) {
            int id = next[0]++;
            if (node instanceof SplitNode<Label> split) {
                String name = tree.getFeatureIDMap().get(split.getFeatureID()).getName();
                int row = table.split(
                        treeId,
                        id,
                        Integer.parseInt(name.substring(1)),
                        floorToFloat(split.splitValue()),
                        "BRANCH_LEQ",
                        0,
                        0);
                int low = write(tree, treeId, treeCount, split.getLessThanOrEqual(), next);
                int high = write(tree, treeId, treeCount, split.getGreaterThan(), next);
                table.setChildren(row, low, high);
            } else if (node instanceof LeafNode<Label> leaf) {
                table.leaf(treeId, id);
                for (int c = 0; c <= 1; c++) {
                    Label score = leaf.getDistribution().get(c == 1 ? "1" : "0");
                    classTreeIds.add((long) treeId);
                    classNodeIds.add((long) id);
                    classIds.add((long) c);
                    classWeights.add(score == null ? 0f : (float) (score.getScore() / treeCount));
                }
            } else {
                throw new IllegalArgumentException("unknown tree node " + node.getClass());
            }
            return id;
        }

        static float floorToFloat(double split) {
            float f = (float) split;
            return f > split ? Math.nextDown(f) : f;
        }
    }
}
