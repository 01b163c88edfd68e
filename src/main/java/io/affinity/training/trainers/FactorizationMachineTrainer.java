package io.affinity.training.trainers;

import io.affinity.training.data.LabelledData;
import java.util.List;
import java.util.Map;
import org.tribuo.classification.sgd.fm.FMClassificationModel;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * Factorization machine (pairwise feature interactions through low-rank factors) trained by Tribuo with log loss
 * and AdaGrad, exported to ONNX by Tribuo. The ad click-through model.
 */
public final class FactorizationMachineTrainer implements ClassifierTrainer {

    @Override
    public String algorithm() {
        return "factorization-machine";
    }

    @Override
    public Map<String, List<Object>> searchSpace() {
        return Map.of(
                "learningRate", List.of(0.01, 0.03, 0.1, 0.3),
                "epochs", List.of(5, 10, 20),
                "factors", List.of(2, 4, 8, 16),
                "initVariance", List.of(0.01, 0.1));
    }

    @Override
    public TrainedClassifier fit(LabelledData train, Hyperparameters p, long seed) {
        var trainer = new FMClassificationTrainer(
                new LogMulticlass(),
                new AdaGrad(p.real("learningRate"), 0.1),
                p.integer("epochs"),
                -1,
                1, // Tribuo 4.3.2 fails merging FM gradients of minibatches > 1 (ClassCastException in
                // FMParameters.merge)
                seed,
                p.integer("factors"),
                p.real("initVariance"));
        FMClassificationModel model = trainer.train(TribuoData.dataset(train));
        return new TribuoClassifier<>(model, train.width(), true);
    }
}
