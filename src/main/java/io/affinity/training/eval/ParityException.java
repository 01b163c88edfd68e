package io.affinity.training.eval;

/** An export whose ONNX scores do not match the trainer's (a classifier's or the recommender's). */
public class ParityException extends RuntimeException {
    public ParityException(String message) {
        super(message);
    }
}
