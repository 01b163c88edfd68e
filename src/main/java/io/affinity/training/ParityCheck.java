package io.affinity.training;

import io.affinity.models.OnnxModel;
import io.affinity.training.eval.ParityException;
import io.affinity.training.trainers.TrainedClassifier;

/**
 * The export gate: ONNX Runtime must reproduce the trainer's own scores on the holdout within a tolerance, or the
 * model is not exported. Catches column-order, threshold and precision mistakes before anything serves them.
 */
public final class ParityCheck {

    /** Largest allowed absolute difference between the trainer's score and ONNX Runtime's. */
    public static final double TOLERANCE = 1e-5;

    private ParityCheck() {}

    /**
     * @return the largest absolute difference seen
     * @throws ParityException when it exceeds {@link #TOLERANCE}
     */
    public static double verify(String what, TrainedClassifier model, byte[] onnx, float[][] holdout) {
        double[] expected = model.predict(holdout);
        float[] actual;
        try (OnnxModel session = OnnxModel.load(onnx, model.output(), "parity check of " + what, 1)) {
            actual = session.score(holdout);
        }
        double worst = 0;
        int worstRow = -1;
        for (int i = 0; i < holdout.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (d > worst || Double.isNaN(d)) {
                worst = d;
                worstRow = i;
            }
        }
        if (!(worst <= TOLERANCE))
            throw new ParityException(what + ": ONNX Runtime differs from the trainer by " + worst + " at holdout row "
                    + worstRow + " (trainer " + expected[worstRow] + ", ONNX " + actual[worstRow] + "); tolerance "
                    + TOLERANCE);
        return worst;
    }
}
