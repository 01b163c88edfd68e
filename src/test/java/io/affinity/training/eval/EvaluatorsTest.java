package io.affinity.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Metrics checked against values worked out by hand. */
class EvaluatorsTest {

    @Test
    void classifierMetricsOnASmallExample() {
        double[] scores = {0.9, 0.8, 0.7, 0.4, 0.3, 0.2};
        int[] labels = {1, 1, 0, 1, 0, 0};
        ClassifierMetrics m = ClassifierEvaluator.evaluate(scores, labels, 0.5, true);
        // At 0.5: predicted positive 0.9, 0.8, 0.7 -> TP 2, FP 1; FN 1 (0.4), TN 2.
        assertEquals(new ClassifierMetrics.Confusion(2, 1, 2, 1), m.confusion());
        assertEquals(4.0 / 6, m.accuracy(), 1e-12);
        assertEquals(2.0 / 3, m.precision(), 1e-12);
        assertEquals(2.0 / 3, m.recall(), 1e-12);
        // 9 positive-negative pairs, 8 ordered right (only 0.4 < 0.7 is wrong).
        assertEquals(8.0 / 9, m.rocAuc(), 1e-12);
        double logLoss =
                -(Math.log(0.9) + Math.log(0.8) + Math.log(0.3) + Math.log(0.4) + Math.log(0.7) + Math.log(0.8)) / 6;
        assertEquals(logLoss, m.logLoss(), 1e-12);
        assertEquals(10, m.calibration().size());
        assertEquals(1.0, m.deciles().get(9).cumulativeGain(), 1e-12, "all positives found by the last decile");
    }

    @Test
    void marginsGetNoProbabilityMetrics() {
        ClassifierMetrics m =
                ClassifierEvaluator.evaluate(new double[] {2, -1, 0.5, -3}, new int[] {1, 0, 1, 0}, 0, false);
        assertEquals(1.0, m.rocAuc(), 1e-12);
        assertNull(m.logLoss());
        assertNull(m.calibration());
    }

    @Test
    void rankingCountsTiesAgainstTheHeldOutItem() {
        var protocol = new LeaveOneOut(new int[] {0, 1}, new int[][] {{2, 3, 4}, {2, 3, 4}}, "test");
        // User 0: held-out item scores highest -> rank 0. User 1: ties with every negative -> rank 3.
        RankingMetrics m = RankingEvaluator.evaluate(
                (u, items) -> {
                    double[] s = new double[items.length];
                    for (int j = 0; j < items.length; j++) s[j] = u == 0 ? (items[j] == 0 ? 1 : 0) : 0.5;
                    return s;
                },
                protocol,
                2);
        assertEquals(0.5, m.hitRatio(), 1e-12);
        assertEquals(0.5, m.ndcg(), 1e-12, "(1/log2(2) + 0) / 2");
    }
}
