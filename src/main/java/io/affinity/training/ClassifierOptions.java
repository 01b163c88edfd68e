package io.affinity.training;

import java.util.List;

/**
 * What a job may choose about a classifier training, the same for tables and events; what it leaves out takes the
 * defaults of {@link ClassifierTraining.Settings#DEFAULT} and the use case's default algorithms.
 */
public record ClassifierOptions(List<String> algorithms, Integer trials, Long seed, Integer folds) {

    public ClassifierOptions {
        algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
    }

    long seedOrDefault() {
        return seed == null ? ClassifierTraining.Settings.DEFAULT.seed() : seed;
    }

    ClassifierTraining.Settings settings() {
        var d = ClassifierTraining.Settings.DEFAULT;
        return new ClassifierTraining.Settings(
                trials == null ? d.trials() : trials,
                d.validationFraction(),
                seedOrDefault(),
                folds == null ? d.folds() : folds);
    }
}
