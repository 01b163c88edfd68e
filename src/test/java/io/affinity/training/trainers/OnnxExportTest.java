package io.affinity.training.trainers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.affinity.training.ParityCheck;
import io.affinity.training.data.LabelledData;
import io.affinity.training.eval.ParityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Every trainer's ONNX export reproduces its own scores in ONNX Runtime within the parity tolerance, including the
 * forest written as a TreeEnsembleClassifier, and the gate refuses a model that does not match.
 */
public class OnnxExportTest {

    /** Four features, a planted logistic signal, values on a coarse grid. */
    public static LabelledData data(int rows, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[rows][];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            // Values on a coarse grid, so many rows sit exactly on the trees' split points.
            x[i] = new float[] {r.nextInt(10) / 10f, r.nextInt(5) / 4f, r.nextFloat(), r.nextBoolean() ? 1f : 0f};
            double z = 3 * x[i][0] - 2 * x[i][1] + (x[i][3] > 0 ? 1 : -1) * x[i][2];
            y[i] = r.nextDouble() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
        }
        return new LabelledData(x, y, List.of("a", "b", "c", "d"));
    }

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {LinearTrainer.logisticRegression(), Map.of("cost", 1.0)});
        out.add(new Object[] {LinearTrainer.linearSvm(), Map.of("cost", 1.0)});
        out.add(new Object[] {
            new FactorizationMachineTrainer(),
            Map.of("learningRate", 0.1, "epochs", 5, "factors", 4, "initVariance", 0.1)
        });
        out.add(new Object[] {
            new RandomForestTrainer(), Map.of("trees", 15, "maxDepth", 6, "minChildWeight", 2.0, "featureFraction", 0.5)
        });
        if (GradientBoostingTrainer.available()) out.add(new Object[] {new GradientBoostingTrainer(), BOOSTING});
        return out;
    }

    static final Map<String, Object> BOOSTING = Map.of(
            "learningRate", 0.1, "maxDepth", 4, "minChildWeight", 1.0, "subsample", 0.85, "featureFraction", 0.8);

    @Test
    void boostedTreesSendMissingValuesWhereXgboostDoes() {
        assumeTrue(
                GradientBoostingTrainer.available(), "XGBoost's native library needs libgomp1 (.ci/run installs it)");
        TrainedClassifier model = new GradientBoostingTrainer().fit(data(600, 1), new Hyperparameters(BOOSTING), 3);
        float[][] x = data(200, 5).x();
        for (int i = 0; i < x.length; i++) x[i][i % 4] = Float.NaN; // one input missing in every row
        double worst = ParityCheck.verify("gradient-boosting", model, model.onnx(), x);
        assertTrue(worst <= ParityCheck.TOLERANCE, "missing values: " + worst);
    }

    @Test
    void everyTrainerExportsWithParity() {
        LabelledData train = data(600, 1), test = data(300, 2);
        for (Object[] c : cases()) {
            ClassifierTrainer trainer = (ClassifierTrainer) c[0];
            @SuppressWarnings("unchecked")
            TrainedClassifier model = trainer.fit(train, new Hyperparameters((Map<String, Object>) c[1]), 3);
            byte[] onnx = model.onnx();
            double worst = ParityCheck.verify(trainer.algorithm(), model, onnx, test.x());
            assertTrue(worst <= ParityCheck.TOLERANCE, trainer.algorithm() + ": " + worst);
            double[] scores = model.predict(test.x());
            long distinct = IntStream.range(0, scores.length)
                    .mapToDouble(i -> scores[i])
                    .distinct()
                    .count();
            assertTrue(distinct > 5, trainer.algorithm() + " scores vary with the input");
        }
    }

    /**
     * LIBLINEAR's weight vector points at whichever label it met first; the score must be label 1's either way, in
     * the trainer's predictions and in the ONNX graph.
     */
    @Test
    void linearModelsScoreLabelOneWhicheverLabelComesFirst() {
        LabelledData test = data(300, 2);
        for (int first : new int[] {0, 1}) {
            LabelledData train = data(600, 1);
            int swap = IntStream.range(0, train.size())
                    .filter(i -> train.y()[i] == first)
                    .findFirst()
                    .orElseThrow();
            float[] row = train.x()[0];
            train.x()[0] = train.x()[swap];
            train.x()[swap] = row;
            train.y()[swap] = train.y()[0];
            train.y()[0] = first;
            for (LinearTrainer trainer : List.of(LinearTrainer.logisticRegression(), LinearTrainer.linearSvm())) {
                TrainedClassifier model = trainer.fit(train, new Hyperparameters(Map.of("cost", 1.0)), 3);
                double[] scores = model.predict(test.x());
                double positives = 0, negatives = 0, n = test.positiveRate() * test.size();
                for (int i = 0; i < scores.length; i++) {
                    if (test.y()[i] == 1) positives += scores[i] / n;
                    else negatives += scores[i] / (test.size() - n);
                }
                String what = trainer.algorithm() + " with label " + first + " first";
                assertTrue(positives > negatives + 0.1, what + ": " + positives + " vs " + negatives);
                assertTrue(ParityCheck.verify(trainer.algorithm(), model, model.onnx(), test.x()) <= 1e-5, what);
            }
        }
    }

    @Test
    void theGateRefusesAnExportThatDisagrees() {
        LabelledData train = data(400, 4);
        TrainedClassifier forest = new RandomForestTrainer()
                .fit(
                        train,
                        new Hyperparameters(
                                Map.of("trees", 5, "maxDepth", 4, "minChildWeight", 2.0, "featureFraction", 0.75)),
                        1);
        TrainedClassifier other = new RandomForestTrainer()
                .fit(
                        data(400, 5),
                        new Hyperparameters(
                                Map.of("trees", 5, "maxDepth", 4, "minChildWeight", 2.0, "featureFraction", 0.75)),
                        1);
        var e = assertThrows(
                ParityException.class, () -> ParityCheck.verify("forest", forest, other.onnx(), train.x()));
        assertTrue(e.getMessage().contains("differs from the trainer"), e.getMessage());
    }
}
