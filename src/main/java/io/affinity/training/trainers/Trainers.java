package io.affinity.training.trainers;

import io.affinity.training.errors.TrainingException;
import java.util.List;

/** The classifier trainers by name. */
public final class Trainers {

    private Trainers() {}

    /** Every trainer that can run here (gradient boosting only where XGBoost's native library loads). */
    public static List<ClassifierTrainer> all() {
        return every().stream()
                .filter(t -> !(t instanceof GradientBoostingTrainer) || GradientBoostingTrainer.available())
                .toList();
    }

    private static List<ClassifierTrainer> every() {
        return List.of(
                LinearTrainer.logisticRegression(),
                LinearTrainer.linearSvm(),
                new FactorizationMachineTrainer(),
                new RandomForestTrainer(),
                new GradientBoostingTrainer());
    }

    /**
     * The named trainers, or all of them for an empty list. A named trainer that cannot run here (XGBoost without
     * its native library) fails when it trains, saying why.
     */
    public static List<ClassifierTrainer> named(List<String> names) {
        if (names.isEmpty()) return all();
        return names.stream()
                .map(n -> every().stream()
                        .filter(t -> t.algorithm().equals(n))
                        .findFirst()
                        .orElseThrow(() -> new TrainingException("unknown algorithm '" + n + "'; use one of "
                                + every().stream()
                                        .map(ClassifierTrainer::algorithm)
                                        .toList())))
                .toList();
    }
}
