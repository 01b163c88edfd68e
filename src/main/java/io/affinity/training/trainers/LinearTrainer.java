package io.affinity.training.trainers;

import static io.affinity.models.OnnxProtos.floatInit;
import static io.affinity.models.OnnxProtos.node;
import static io.affinity.models.OnnxProtos.tensor;

import ai.onnx.proto.OnnxMl;
import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import io.affinity.models.OnnxProtos;
import io.affinity.models.ScoreOutput;
import io.affinity.training.data.LabelledData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logistic regression (log loss, probabilities) or a linear SVM (squared hinge loss, margins) with an L2 penalty,
 * solved to convergence by LIBLINEAR's trust-region Newton method (deterministic: no seed).
 * The penalty's weight is the one hyperparameter: {@code cost} is LIBLINEAR's C, the weight of the data against
 * the penalty (small C, strong penalty); the intercept is not penalised.
 *
 * <p>The ONNX graph is written here ({@code MatMul}, {@code Add}, then {@code Sigmoid} for the probability); the
 * registry's parity check compares it with LIBLINEAR's own predictions.
 */
public final class LinearTrainer implements ClassifierTrainer {

    public static final String INPUT = "input";
    public static final String OUTPUT = "score";

    /** LIBLINEAR's default stopping tolerance for these solvers, and an iteration cap it does not reach here. */
    private static final double TOLERANCE = 0.01;

    private static final int MAX_ITERATIONS = 1000;

    static {
        Linear.disableDebugOutput(); // it prints a line per iteration to stdout
    }

    private final boolean svm;

    private LinearTrainer(boolean svm) {
        this.svm = svm;
    }

    public static LinearTrainer logisticRegression() {
        return new LinearTrainer(false);
    }

    public static LinearTrainer linearSvm() {
        return new LinearTrainer(true);
    }

    @Override
    public String algorithm() {
        return svm ? "linear-svm" : "logistic-regression";
    }

    @Override
    public Map<String, List<Object>> searchSpace() {
        return Map.of("cost", List.of(0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0));
    }

    @Override
    public TrainedClassifier fit(LabelledData train, Hyperparameters p, long seed) {
        Problem problem = new Problem();
        problem.l = train.size();
        problem.n = train.width() + 1; // the last column is the intercept's constant 1
        problem.bias = 1;
        problem.x = new Feature[train.size()][];
        problem.y = new double[train.size()];
        for (int i = 0; i < train.size(); i++) {
            problem.x[i] = features(train.x()[i]);
            problem.y[i] = train.y()[i];
        }
        Parameter parameter = new Parameter(
                svm ? SolverType.L2R_L2LOSS_SVC : SolverType.L2R_LR, p.real("cost"), MAX_ITERATIONS, TOLERANCE);
        parameter.setRegularizeBias(false);
        Model model = Linear.train(problem, parameter);
        if (model.getNrClass() != 2)
            throw new IllegalArgumentException(algorithm() + " needs both labels in the training rows");
        return new Fitted(model, train.width(), !svm);
    }

    /** A dense row as LIBLINEAR's sparse one (1-based indices, zeros left out), with the intercept's column. */
    private static Feature[] features(float[] row) {
        List<Feature> nonZero = new ArrayList<>();
        for (int j = 0; j < row.length; j++) if (row[j] != 0f) nonZero.add(new FeatureNode(j + 1, row[j]));
        nonZero.add(new FeatureNode(row.length + 1, 1.0));
        return nonZero.toArray(Feature[]::new);
    }

    /**
     * LIBLINEAR's binary model is one weight vector whose positive side is the label it saw first; {@code sign}
     * turns its decision value into the margin of label 1.
     */
    record Fitted(Model model, int width, boolean probabilistic) implements TrainedClassifier {

        private double sign() {
            return model.getLabels()[0] == 1 ? 1 : -1;
        }

        @Override
        public double[] predict(float[][] x) {
            double[] out = new double[x.length], values = new double[1], probabilities = new double[2];
            double sign = sign();
            int positive = sign > 0 ? 0 : 1; // LIBLINEAR's probabilities are in the order of its labels
            for (int i = 0; i < x.length; i++) {
                Feature[] row = features(x[i]);
                if (probabilistic) {
                    Linear.predictProbability(model, row, probabilities);
                    out[i] = probabilities[positive];
                } else {
                    Linear.predictValues(model, row, values);
                    out[i] = sign * values[0];
                }
            }
            return out;
        }

        @Override
        public byte[] onnx() {
            double[] w = model.getFeatureWeights(); // width weights, then the intercept's
            double sign = sign();
            float[] weights = new float[width];
            for (int j = 0; j < width; j++) weights[j] = (float) (sign * w[j]);
            float intercept = (float) (sign * w[width] * model.getBias());
            var graph = OnnxMl.GraphProto.newBuilder()
                    .setName(probabilistic ? "logistic-regression" : "linear-svm")
                    .addInitializer(floatInit("weights", weights, width, 1))
                    .addInitializer(floatInit("intercept", new float[] {intercept}, 1))
                    .addNode(node("MatMul", null, "dot", new String[] {INPUT, "weights"}, new String[] {"product"}))
                    .addNode(node("Add", null, "plus_intercept", new String[] {"product", "intercept"}, new String[] {
                        probabilistic ? "margin" : OUTPUT
                    }))
                    .addInput(tensor(INPUT, OnnxProtos.FLOAT, -1, width))
                    .addOutput(tensor(OUTPUT, OnnxProtos.FLOAT, -1, 1));
            if (probabilistic)
                graph.addNode(node("Sigmoid", null, "logistic", new String[] {"margin"}, new String[] {OUTPUT}));
            return OnnxProtos.model(
                    graph.build(), false, "LIBLINEAR " + model.getSolverType() + ", written by affinity");
        }

        @Override
        public ScoreOutput output() {
            return new ScoreOutput(INPUT, OUTPUT, 0, probabilistic);
        }
    }
}
