package io.affinity.training.trainers;

import io.affinity.models.ScoreOutput;
import io.affinity.training.data.LabelledData;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.ensemble.WeightedEnsembleModel;

/**
 * Random forest trained by Tribuo (bagged CART trees, a random feature subset per split, leaf class
 * distributions averaged). Tribuo cannot export trees, so {@link TreeEnsembleOnnx} writes the forest as an
 * ONNX-ML TreeEnsembleClassifier; the registry's parity check proves the two agree.
 */
public final class RandomForestTrainer implements ClassifierTrainer {

    @Override
    public String algorithm() {
        return "random-forest";
    }

    @Override
    public Map<String, List<Object>> searchSpace() {
        return Map.of(
                "trees", List.of(100, 200),
                "maxDepth", List.of(6, 8, 10, 14),
                "minChildWeight", List.of(2.0, 5.0, 10.0, 20.0),
                "featureFraction", List.of(0.2, 0.35, 0.5));
    }

    @Override
    public TrainedClassifier fit(LabelledData train, Hyperparameters p, long seed) {
        var cart = new CARTClassificationTrainer(
                p.integer("maxDepth"),
                (float) p.real("minChildWeight"),
                0f,
                (float) p.real("featureFraction"),
                false,
                new GiniIndex(),
                seed);
        var trainer = new org.tribuo.common.tree.RandomForestTrainer<>(
                cart, new FullyWeightedVotingCombiner(), p.integer("trees"), seed);
        @SuppressWarnings("unchecked")
        var forest = (WeightedEnsembleModel<Label>) (Model<Label>) trainer.train(TribuoData.dataset(train));
        return new Forest(forest, train.width());
    }

    record Forest(WeightedEnsembleModel<Label> model, int width) implements TrainedClassifier {

        @Override
        public double[] predict(float[][] x) {
            return TribuoData.positiveScores(model, x);
        }

        @Override
        public byte[] onnx() {
            return TreeEnsembleOnnx.export(model, width);
        }

        @Override
        public ScoreOutput output() {
            return new ScoreOutput(TreeEnsembleOnnx.INPUT, TreeEnsembleOnnx.OUTPUT, 1, true);
        }
    }
}
