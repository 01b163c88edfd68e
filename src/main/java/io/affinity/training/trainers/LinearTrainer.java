package io.affinity.training.trainers;

import io.affinity.models.ScoreOutput;
import io.affinity.training.data.LabelledData;
import java.util.List;
import java.util.Map;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.LabelObjective;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * Logistic regression (log loss, probabilities) or a linear SVM (hinge loss, margins) trained by Tribuo's SGD with
 * AdaGrad, exported to ONNX by Tribuo.
 */
public final class LinearTrainer implements ClassifierTrainer {

    private final boolean svm;

    private LinearTrainer(boolean svm) {
        this.svm = svm;
    }

    public static LinearTrainer logisticRegression() {
        return new LinearTrainer(false);
    }

    public static LinearTrainer linearSvm() {
        return new LinearTrainer(true);
    }

    @Override
    public String algorithm() {
        return svm ? "linear-svm" : "logistic-regression";
    }

    @Override
    public Map<String, List<Object>> searchSpace() {
        return Map.of(
                "learningRate", List.of(0.01, 0.03, 0.1, 0.3, 1.0),
                "epochs", List.of(5, 10, 20, 40),
                "minibatch", List.of(1, 8, 32));
    }

    @Override
    public TrainedClassifier fit(LabelledData train, Hyperparameters p, long seed) {
        LabelObjective objective = svm ? new Hinge() : new LogMulticlass();
        var trainer = new LinearSGDTrainer(
                objective,
                new AdaGrad(p.real("learningRate"), 0.1),
                p.integer("epochs"),
                -1,
                p.integer("minibatch"),
                seed);
        LinearSGDModel model = (LinearSGDModel) trainer.train(TribuoData.dataset(train));
        return new TribuoClassifier<>(model, model, train.width(), !svm);
    }

    /** A Tribuo model that Tribuo itself exports to ONNX. */
    record TribuoClassifier<M extends org.tribuo.Model<Label> & org.tribuo.ONNXExportable>(
            M model, org.tribuo.ONNXExportable exportable, int width, boolean probabilistic)
            implements TrainedClassifier {

        @Override
        public double[] predict(float[][] x) {
            return TribuoData.positiveScores(model, x);
        }

        @Override
        public byte[] onnx() {
            return TribuoData.export(exportable, width, model);
        }

        @Override
        public ScoreOutput output() {
            return new ScoreOutput("input", "output", TribuoData.positiveColumn(model), probabilistic);
        }
    }
}
