package io.affinity.training.trainers;

import static io.affinity.models.OnnxProtos.floats;
import static io.affinity.models.OnnxProtos.ints;
import static io.affinity.models.OnnxProtos.strings;

import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The node table ONNX-ML's tree ensemble operators ({@code TreeEnsembleClassifier}, {@code TreeEnsembleRegressor})
 * share: parallel arrays, one entry per node, tree by tree. What a leaf contributes is the operator's own part and
 * stays with its writer.
 */
final class TreeNodes {

    final List<Long> treeIds = new ArrayList<>(), nodeIds = new ArrayList<>(), featureIds = new ArrayList<>();
    final List<Float> thresholds = new ArrayList<>();
    final List<String> modes = new ArrayList<>();
    final List<Long> trueIds = new ArrayList<>(), falseIds = new ArrayList<>();

    /** Adds a split; its children's ids may be set later ({@link #setChildren}). @return its row in the table */
    int split(long tree, long id, long feature, float threshold, String mode, long trueId, long falseId) {
        treeIds.add(tree);
        nodeIds.add(id);
        featureIds.add(feature);
        thresholds.add(threshold);
        modes.add(mode);
        trueIds.add(trueId);
        falseIds.add(falseId);
        return treeIds.size() - 1;
    }

    void leaf(long tree, long id) {
        split(tree, id, 0, 0f, "LEAF", 0, 0);
    }

    void setChildren(int row, long trueId, long falseId) {
        trueIds.set(row, trueId);
        falseIds.set(row, falseId);
    }

    /** The {@code nodes_*} attributes, followed by the operator's own. */
    AttributeProto[] attributes(AttributeProto... own) {
        return Stream.concat(
                        Stream.of(
                                ints("nodes_treeids", treeIds),
                                ints("nodes_nodeids", nodeIds),
                                ints("nodes_featureids", featureIds),
                                floats("nodes_values", thresholds),
                                strings("nodes_modes", modes.toArray(String[]::new)),
                                ints("nodes_truenodeids", trueIds),
                                ints("nodes_falsenodeids", falseIds)),
                        Stream.of(own))
                .toArray(AttributeProto[]::new);
    }
}
