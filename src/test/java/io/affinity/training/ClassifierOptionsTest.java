package io.affinity.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.affinity.models.UseCase;
import io.affinity.training.data.TableSchema;
import io.affinity.training.errors.TrainingException;
import io.affinity.training.trainers.ClassifierTrainer;
import io.affinity.training.trainers.Trainers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tables and events train with the same defaults; only the use case's own default algorithms differ. */
class ClassifierOptionsTest {

    @Test
    void aJobThatSaysNothingGetsTheSameSettingsFromEitherSource() {
        var table = new TableJob(
                "churn",
                "t.csv",
                new TableSchema("t", ",", "y", "1", null, List.of("age"), List.of(), null, null, null, null, null),
                null,
                null,
                null,
                null,
                null);
        var events = new EventJob("churn", 14, null, null, null, null, null);
        assertEquals(ClassifierTraining.Settings.DEFAULT, table.options().settings());
        assertEquals(ClassifierTraining.Settings.DEFAULT, events.options().settings());
    }

    @Test
    void aUseCaseWithDefaultAlgorithmsTrainsThoseAndTheOthersTrainAll() {
        var none = new ClassifierOptions(List.of(), null, null, null);
        assertEquals(
                List.of("factorization-machine", "logistic-regression"),
                names(ClassifierFlow.trainers(UseCase.CTR, none)));
        assertEquals(names(Trainers.all()), names(ClassifierFlow.trainers(UseCase.CHURN, none)));
        var asked = new ClassifierOptions(List.of("random-forest"), null, null, null);
        assertEquals(List.of("random-forest"), names(ClassifierFlow.trainers(UseCase.CTR, asked)));
        assertThrows(
                TrainingException.class,
                () -> ClassifierFlow.trainers(
                        UseCase.CHURN, new ClassifierOptions(List.of("magic"), null, null, null)));
    }

    private static List<String> names(List<ClassifierTrainer> trainers) {
        return trainers.stream().map(ClassifierTrainer::algorithm).toList();
    }
}
