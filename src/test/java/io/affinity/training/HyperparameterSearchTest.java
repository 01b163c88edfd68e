package io.affinity.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.training.trainers.LinearTrainer;
import io.affinity.training.trainers.OnnxExportTest;
import java.util.ArrayList;
import java.util.List;
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
