package io.affinity.training.eval;

import io.affinity.training.eval.ClassifierMetrics.CalibrationBin;
import io.affinity.training.eval.ClassifierMetrics.Confusion;
import io.affinity.training.eval.ClassifierMetrics.Decile;
import io.affinity.training.eval.ClassifierMetrics.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/**
 * Computes {@link ClassifierMetrics}. ROC AUC, average precision and both curves come from Tribuo's
 * {@link LabelEvaluationUtil}; counts, log loss, calibration and deciles are plain arithmetic done here.
 */
public final class ClassifierEvaluator {

    private static final int CURVE_POINTS = 101;
    private static final double EPS = 1e-15;

    private ClassifierEvaluator() {}

    /**
     * @param scores one score per row, higher meaning more likely positive
     * @param probabilistic whether the scores are probabilities (enables log loss, Brier and calibration)
     */
    public static ClassifierMetrics evaluate(double[] scores, int[] labels, double threshold, boolean probabilistic) {
        if (scores.length != labels.length)
            throw new IllegalArgumentException(scores.length + " scores for " + labels.length + " labels");
        int n = labels.length;
        boolean[] positive = new boolean[n];
        int positives = 0;
        int tp = 0, fp = 0, tn = 0, fn = 0;
        double logLoss = 0, brier = 0;
        for (int i = 0; i < n; i++) {
            positive[i] = labels[i] == 1;
            if (positive[i]) positives++;
            boolean predicted = scores[i] >= threshold;
            if (predicted && positive[i]) tp++;
            else if (predicted) fp++;
            else if (positive[i]) fn++;
            else tn++;
            if (probabilistic) {
                double p = Math.min(1 - EPS, Math.max(EPS, scores[i]));
                logLoss -= positive[i] ? Math.log(p) : Math.log(1 - p);
                brier += (scores[i] - labels[i]) * (scores[i] - labels[i]);
            }
        }
        if (positives == 0 || positives == n)
            throw new IllegalArgumentException(
                    "evaluation needs both classes; got " + positives + " positives in " + n + " rows");
        double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double recall = (double) tp / positives;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);

        LabelEvaluationUtil.ROC roc = LabelEvaluationUtil.generateROCCurve(positive, scores);
        LabelEvaluationUtil.PRCurve pr = LabelEvaluationUtil.generatePRCurve(positive, scores);
        return new ClassifierMetrics(
                n,
                positives,
                threshold,
                (double) (tp + tn) / n,
                precision,
                recall,
                f1,
                LabelEvaluationUtil.binaryAUCROC(positive, scores),
                LabelEvaluationUtil.averagedPrecision(positive, scores),
                probabilistic ? logLoss / n : null,
                probabilistic ? brier / n : null,
                new Confusion(tp, fp, tn, fn),
                probabilistic ? calibration(scores, labels) : null,
                deciles(scores, labels, positives),
                downsample(roc.fpr, roc.tpr, roc.thresholds),
                downsample(pr.recall, pr.precision, pr.thresholds));
    }

    /** Log loss of always predicting the training base rate: what a model must beat to know anything. */
    public static double baseRateLogLoss(double baseRate, int[] labels) {
        double p = Math.min(1 - EPS, Math.max(EPS, baseRate));
        double sum = 0;
        for (int y : labels) sum -= y == 1 ? Math.log(p) : Math.log(1 - p);
        return sum / labels.length;
    }

    private static List<CalibrationBin> calibration(double[] scores, int[] labels) {
        int bins = 10;
        int[] count = new int[bins];
        double[] sum = new double[bins];
        int[] pos = new int[bins];
        for (int i = 0; i < scores.length; i++) {
            int b = Math.min(bins - 1, Math.max(0, (int) (scores[i] * bins)));
            count[b]++;
            sum[b] += scores[i];
            pos[b] += labels[i];
        }
        List<CalibrationBin> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            out.add(new CalibrationBin(
                    (double) b / bins,
                    (double) (b + 1) / bins,
                    count[b],
                    count[b] == 0 ? 0 : sum[b] / count[b],
                    count[b] == 0 ? 0 : (double) pos[b] / count[b]));
        }
        return out;
    }

    private static List<Decile> deciles(double[] scores, int[] labels, int positives) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        double overall = (double) positives / scores.length;
        List<Decile> out = new ArrayList<>();
        int found = 0;
        for (int d = 0; d < 10; d++) {
            int from = (int) ((long) d * scores.length / 10);
            int to = (int) ((long) (d + 1) * scores.length / 10);
            int pos = 0;
            for (int k = from; k < to; k++) pos += labels[order[k]];
            found += pos;
            int rows = to - from;
            double rate = rows == 0 ? 0 : (double) pos / rows;
            out.add(new Decile(d + 1, rows, pos, rate / overall, (double) found / positives));
        }
        return out;
    }

    private static List<Point> downsample(double[] x, double[] y, double[] thresholds) {
        List<Point> out = new ArrayList<>();
        int n = x.length;
        int step = Math.max(1, (n + CURVE_POINTS - 1) / CURVE_POINTS);
        for (int i = 0; i < n; i += step) out.add(new Point(x[i], y[i], threshold(thresholds, i)));
        if ((n - 1) % step != 0) out.add(new Point(x[n - 1], y[n - 1], threshold(thresholds, n - 1)));
        return out;
    }

    private static Double threshold(double[] thresholds, int i) {
        return i < thresholds.length && Double.isFinite(thresholds[i]) ? thresholds[i] : null;
    }
}
