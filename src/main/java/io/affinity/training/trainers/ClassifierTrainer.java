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

    /**
     * Whether one fit already keeps every core busy; hyperparameter search then runs its trials one at a time
     * instead of one per core.
     */
    default boolean usesAllCores() {
        return false;
    }

    /** Fits a model on {@code train}; deterministic for a given seed, and safe to call from several threads. */
    TrainedClassifier fit(LabelledData train, Hyperparameters params, long seed);
}
