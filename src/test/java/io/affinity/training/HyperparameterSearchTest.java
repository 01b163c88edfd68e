package io.affinity.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.training.data.LabelledData;
import io.affinity.training.trainers.ClassifierTrainer;
import io.affinity.training.trainers.Hyperparameters;
import io.affinity.training.trainers.LinearTrainer;
import io.affinity.training.trainers.OnnxExportTest;
import io.affinity.training.trainers.TrainedClassifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Random search is reproducible from its seed, keeps the best validation AUC, and stops when asked. */
class HyperparameterSearchTest {

    @Test
    void sameSeedSameTrialsBestFirst() {
        var train = OnnxExportTest.data(300, 1);
        var validation = OnnxExportTest.data(200, 2);
        var a = HyperparameterSearch.run(
                LinearTrainer.logisticRegression(), train, validation, 4, 9, m -> {}, () -> false);
        var b = HyperparameterSearch.run(
                LinearTrainer.logisticRegression(), train, validation, 4, 9, m -> {}, () -> false);
        assertEquals(
                a.trials().stream().map(t -> t.params()).toList(),
                b.trials().stream().map(t -> t.params()).toList());
        assertEquals(a.best().params(), b.best().params());
        for (var t : a.trials()) assertTrue(a.best().validationAuc() >= t.validationAuc());
    }

    @Test
    void aSpaceNoLargerThanTheBudgetIsCoveredWhole() {
        var space = new TreeMap<String, List<Object>>(Map.of("a", List.of(1, 2), "b", List.of("x", "y", "z")));
        List<Hyperparameters> grid = HyperparameterSearch.draw(space, 6, 9);
        assertEquals(6, grid.size());
        assertEquals(6, new HashSet<>(grid).size(), "every point once: " + grid);
        List<Hyperparameters> sampled = HyperparameterSearch.draw(space, 5, 9);
        assertTrue(sampled.size() <= 5 && sampled.size() == new HashSet<>(sampled).size(), sampled.toString());
        assertTrue(grid.containsAll(sampled), "draws come from the space");

        var result = HyperparameterSearch.run(
                LinearTrainer.logisticRegression(),
                OnnxExportTest.data(300, 1),
                OnnxExportTest.data(200, 2),
                8,
                9,
                m -> {},
                () -> false);
        assertEquals(
                new HashSet<>(LinearTrainer.logisticRegression().searchSpace().get("cost")),
                result.trials().stream()
                        .map(t -> t.params().values().get("cost"))
                        .collect(Collectors.toSet()),
                "all eight costs tried with eight trials");
    }

    /** One trial at a time (a trainer that uses every core itself) or one per core: every drawn trial runs. */
    @Test
    void everyTrialRunsWhetherTrialsRunOneAtATimeOrSideBySide() {
        for (boolean allCores : new boolean[] {true, false}) {
            ClassifierTrainer lr = LinearTrainer.logisticRegression();
            ClassifierTrainer trainer = new ClassifierTrainer() {
                @Override
                public String algorithm() {
                    return lr.algorithm();
                }

                @Override
                public Map<String, List<Object>> searchSpace() {
                    return lr.searchSpace();
                }

                @Override
                public boolean usesAllCores() {
                    return allCores;
                }

                @Override
                public TrainedClassifier fit(LabelledData train, Hyperparameters params, long seed) {
                    return lr.fit(train, params, seed);
                }
            };
            List<String> lines = new ArrayList<>();
            var result = HyperparameterSearch.run(
                    trainer, OnnxExportTest.data(300, 1), OnnxExportTest.data(200, 2), 8, 9, lines::add, () -> false);
            assertEquals(8, result.trials().size(), "all cores: " + allCores + " " + lines);
            assertEquals(8, lines.size(), "a progress line per trial");
        }
    }

    /** Trials run on pool threads; a trainer's refusal still reaches the caller as itself (a 400, not a 500). */
    @Test
    void aFailingTrialFailsTheSearchWithItsOwnException() {
        ClassifierTrainer refusing = new ClassifierTrainer() {
            @Override
            public String algorithm() {
                return "refusing";
            }

            @Override
            public Map<String, List<Object>> searchSpace() {
                return Map.of("x", List.of(1, 2, 3));
            }

            @Override
            public TrainedClassifier fit(LabelledData train, Hyperparameters params, long seed) {
                throw new IllegalArgumentException("x=" + params.integer("x") + " is refused");
            }
        };
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> HyperparameterSearch.run(
                        refusing, OnnxExportTest.data(100, 1), OnnxExportTest.data(50, 2), 3, 9, m -> {}, () -> false));
        assertTrue(e.getMessage().endsWith(" is refused"), e.getMessage());
    }

    @Test
    void aStopRequestKeepsTheTrialsDoneSoFar() {
        var train = OnnxExportTest.data(300, 1);
        var validation = OnnxExportTest.data(200, 2);
        List<String> lines = new ArrayList<>();
        var result = HyperparameterSearch.run(
                LinearTrainer.logisticRegression(), train, validation, 6, 9, lines::add, () -> true);
        assertEquals(1, result.trials().size(), "the first trial always runs, then the request is honoured");
        assertTrue(lines.get(lines.size() - 1).contains("stopped on request after 1 trials"), lines.toString());
    }
}
