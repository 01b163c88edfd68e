package io.affinity.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/** The lift's intervals: the published example of the method, and their coverage over many simulated campaigns. */
class LiftTest {

    @Test
    void newcombesExampleGivesHisInterval() {
        // Newcombe (1998), Statistics in Medicine 17:873-890, table II, example (a): 56/70 against 48/80,
        // method 10 (hybrid score): 0.0524 to 0.3339.
        Lift l = Lift.ofProportions(70, 56, 80, 48);
        assertEquals(0.2, l.absolute(), 1e-12);
        assertEquals(0.0524, l.low(), 1e-4);
        assertEquals(0.3339, l.high(), 1e-4);
        assertEquals(0.2 / 0.6, l.relative(), 1e-12);
        assertTrue(l.significant());
    }

    @Test
    void ratesKeepTheirCoverageWithASmallHoldoutAndARareOutcome() {
        // 900 treated, 100 held out (a 10% holdout), 4% against 3%: 4,000 campaigns, the true difference 0.01.
        SplittableRandom rnd = new SplittableRandom(5);
        int covered = 0, runs = 4000;
        for (int k = 0; k < runs; k++) {
            Lift l = Lift.ofProportions(900, binomial(rnd, 900, 0.04), 100, binomial(rnd, 100, 0.03));
            if (l.low() <= 0.01 && 0.01 <= l.high()) covered++;
        }
        double coverage = covered / (double) runs;
        assertTrue(coverage > 0.93 && coverage < 0.975, "coverage " + coverage);
    }

    @Test
    void meansKeepTheirCoverageWithSkewedRevenue() {
        // Revenue per customer: most spend nothing, a few spend a lot (exponential, mean 80), 10% vs 8% buy.
        SplittableRandom rnd = new SplittableRandom(9);
        double truth = 0.10 * 80 - 0.08 * 80;
        int covered = 0, runs = 2000;
        for (int k = 0; k < runs; k++) {
            double[] t = revenue(rnd, 2000, 0.10), h = revenue(rnd, 500, 0.08);
            Lift l = Lift.ofMeans(2000, t[0], t[1], 500, h[0], h[1]);
            if (l.low() <= truth && truth <= l.high()) covered++;
        }
        double coverage = covered / (double) runs;
        assertTrue(coverage > 0.93 && coverage < 0.97, "coverage " + coverage);
    }

    @Test
    void theMeansIntervalAgreesWithWelchsTest() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < 200; k++) {
            double[] a = new double[300], b = new double[120];
            double sa = 0, qa = 0, sb = 0, qb = 0;
            for (int i = 0; i < a.length; i++) {
                a[i] = rnd.nextDouble() < 0.2 ? rnd.nextDouble() * 100 : 0;
                sa += a[i];
                qa += a[i] * a[i];
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = rnd.nextDouble() < 0.12 ? rnd.nextDouble() * 100 : 0;
                sb += b[i];
                qb += b[i] * b[i];
            }
            Lift l = Lift.ofMeans(a.length, sa, qa, b.length, sb, qb);
            double p = new TTest().tTest(a, b); // Welch's two-sided test
            if (Math.abs(p - 0.05) > 1e-6) assertEquals(p < 0.05, l.significant(), "p " + p + ", " + l);
        }
    }

    @Test
    void anEmptyArmHasNoIntervalAndIsNotSignificant() {
        Lift l = Lift.ofProportions(50, 10, 0, 0);
        assertNull(l.low());
        assertNull(l.high());
        assertFalse(l.significant());
        assertNull(l.relative(), "no relative lift over an empty holdout");
    }

    private static int binomial(SplittableRandom rnd, int n, double p) {
        int x = 0;
        for (int i = 0; i < n; i++) if (rnd.nextDouble() < p) x++;
        return x;
    }

    private static double[] revenue(SplittableRandom rnd, int n, double buy) {
        double sum = 0, sq = 0;
        for (int i = 0; i < n; i++) {
            double v = rnd.nextDouble() < buy ? -80 * Math.log(1 - rnd.nextDouble()) : 0;
            sum += v;
            sq += v * v;
        }
        return new double[] {sum, sq};
    }
}
