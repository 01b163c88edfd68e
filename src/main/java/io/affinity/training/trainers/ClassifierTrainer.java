package io.affinity.training.trainers;

import io.affinity.training.data.LabelledData;
import java.util.List;
import java.util.Map;

/** A binary-classifier training algorithm whose models export to ONNX. */
public interface ClassifierTrainer {

    /** Short name written to the model card ("logistic-regression", "random-forest", ...). */
    String algorithm();

    /** The values hyperparameter search draws from, per hyperparameter. */
    Map<String, List<Object>> searchSpace();

    /** Fits a model on {@code train}; deterministic for a given seed. */
    TrainedClassifier fit(LabelledData train, Hyperparameters params, long seed);
}
