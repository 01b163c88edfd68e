package io.affinity.training.trainers;

import io.affinity.models.ScoreOutput;

/** A fitted binary classifier: the trainer's own scores, and the same model as an ONNX graph. */
public interface TrainedClassifier {

    /** Scores from the trainer's own code, one per row; the parity check compares ONNX Runtime against these. */
    double[] predict(float[][] x);

    /** The model as ONNX: input {@code [N, width]} floats, output described by {@link #output()}. */
    byte[] onnx();

    /** Which output tensor and column hold the score, and whether it is a probability. */
    ScoreOutput output();
}
