package io.affinity.training.trainers;

import java.util.List;

/** The classifier trainers by name. */
public final class Trainers {

    private Trainers() {}

    public static List<ClassifierTrainer> all() {
        return List.of(
                LinearTrainer.logisticRegression(),
                LinearTrainer.linearSvm(),
                new FactorizationMachineTrainer(),
                new RandomForestTrainer(),
                new GradientBoostingTrainer());
    }

    /** The named trainers, or all of them for an empty list. */
    public static List<ClassifierTrainer> named(List<String> names) {
        if (names.isEmpty()) return all();
        return names.stream()
                .map(n -> all().stream()
                        .filter(t -> t.algorithm().equals(n))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("unknown algorithm '" + n + "'; use one of "
                                + all().stream()
                                        .map(ClassifierTrainer::algorithm)
                                        .toList())))
                .toList();
    }
}
