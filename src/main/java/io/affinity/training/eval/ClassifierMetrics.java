package io.affinity.training.eval;

import java.util.List;

/**
 * How well a binary classifier scores a labelled split: threshold metrics, ranking metrics, probability quality,
 * and the curves behind them (stored so the dashboard can draw them).
 *
 * @param threshold the score at or above which a row counts as positive for the threshold metrics
 * @param logLoss null when the scores are not probabilities (a linear SVM's margins)
 * @param calibration reliability bins (ten equal-width score bins), null when the scores are not probabilities
 * @param deciles lift and cumulative gains by score decile, highest scores first
 */
public record ClassifierMetrics(
        int rows,
        int positives,
        double threshold,
        double accuracy,
        double precision,
        double recall,
        double f1,
        double rocAuc,
        double prAuc,
        Double logLoss,
        Double brier,
        Confusion confusion,
        List<CalibrationBin> calibration,
        List<Decile> deciles,
        List<Point> roc,
        List<Point> pr) {

    /** Counts at the threshold. */
    public record Confusion(int truePositives, int falsePositives, int trueNegatives, int falseNegatives) {}

    /** Rows whose score fell in [low, high): their mean score against the share that were positive. */
    public record CalibrationBin(double low, double high, int rows, double meanScore, double positiveRate) {}

    /**
     * One tenth of the rows by descending score.
     *
     * @param lift positive rate of this decile over the overall rate
     * @param cumulativeGain share of all positives found in deciles 1..this one
     */
    public record Decile(int decile, int rows, int positives, double lift, double cumulativeGain) {}

    /** A curve point: (x, y) = (false positive rate, true positive rate) for ROC, (recall, precision) for PR; no threshold at the curve's ends. */
    public record Point(double x, double y, Double threshold) {}
}
