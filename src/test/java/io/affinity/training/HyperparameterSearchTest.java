package io.affinity.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.training.trainers.Hyperparameters;
import io.affinity.training.trainers.LinearTrainer;
import io.affinity.training.trainers.OnnxExportTest;
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
