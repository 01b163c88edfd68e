package io.affinity.models;

/**
 * Where an ONNX classifier puts its score.
 *
 * @param input name of the float input tensor {@code [N, width]}
 * @param output name of the output tensor
 * @param column the positive class's column in a {@code [N, classes]} output, or -1 for an {@code [N]} output
 * @param probabilistic whether the score is a probability (false for a linear SVM's margin)
 */
public record ScoreOutput(String input, String output, int column, boolean probabilistic) {}
