package io.affinity.campaigns;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;

/**
 * One outcome of a campaign, treated against holdout: each arm's value (a rate or a mean per customer), the
 * absolute lift (treated minus holdout) with its 95% confidence interval, and the relative lift (the absolute lift
 * over the holdout's value). The lift is "not significant yet" while the interval spans zero.
 *
 * <p>Rates use Newcombe's hybrid score interval for a difference of proportions (Newcombe 1998, method 10), built
 * from each arm's Wilson score interval: it keeps its coverage with small arms and rare outcomes, where the Wald
 * interval does not. Means use Welch's t interval (unequal variances, Welch–Satterthwaite degrees of freedom).
 *
 * @param low lower end of the interval, null when an arm is too small to have one
 * @param relative null when the holdout's value is zero
 */
public record Lift(
        double treated,
        double holdout,
        double absolute,
        Double low,
        Double high,
        Double relative,
        String method,
        boolean significant) {

    public static final double CONFIDENCE = 0.95;
    public static final String NEWCOMBE = "Newcombe hybrid score (Wilson) interval for a difference of proportions";
    public static final String WELCH = "Welch t interval for a difference of means";

    /** Customers who did it ({@code xT}, {@code xH}) out of each arm's customers ({@code nT}, {@code nH}). */
    public static Lift ofProportions(long nT, long xT, long nH, long xH) {
        if (nT < 1 || nH < 1) return empty(nT, xT, nH, xH, NEWCOMBE);
        double pT = (double) xT / nT, pH = (double) xH / nH;
        ConfidenceInterval t =
                new WilsonScoreInterval().createInterval(Math.toIntExact(nT), Math.toIntExact(xT), CONFIDENCE);
        ConfidenceInterval h =
                new WilsonScoreInterval().createInterval(Math.toIntExact(nH), Math.toIntExact(xH), CONFIDENCE);
        double d = pT - pH;
        double low = d - Math.hypot(pT - t.getLowerBound(), h.getUpperBound() - pH);
        double high = d + Math.hypot(t.getUpperBound() - pT, pH - h.getLowerBound());
        return of(pT, pH, low, high, NEWCOMBE);
    }

    /** Each arm's customers, the sum of the value over them and the sum of its squares. */
    public static Lift ofMeans(long nT, double sumT, double sumSqT, long nH, double sumH, double sumSqH) {
        if (nT < 2 || nH < 2) return empty(nT, sumT, nH, sumH, WELCH);
        double mT = sumT / nT, mH = sumH / nH;
        double vT = Math.max(0, (sumSqT - nT * mT * mT) / (nT - 1)) / nT;
        double vH = Math.max(0, (sumSqH - nH * mH * mH) / (nH - 1)) / nH;
        double se = Math.sqrt(vT + vH);
        double d = mT - mH;
        if (se == 0) return of(mT, mH, d, d, WELCH);
        double df = (vT + vH) * (vT + vH) / (vT * vT / (nT - 1) + vH * vH / (nH - 1));
        double t = new TDistribution(df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
        return of(mT, mH, d - t * se, d + t * se, WELCH);
    }

    private static Lift of(double treated, double holdout, double low, double high, String method) {
        double d = treated - holdout;
        return new Lift(treated, holdout, d, low, high, holdout == 0 ? null : d / holdout, method, low > 0 || high < 0);
    }

    private static Lift empty(long nT, double sumT, long nH, double sumH, String method) {
        double t = nT == 0 ? 0 : sumT / nT, h = nH == 0 ? 0 : sumH / nH;
        return new Lift(t, h, t - h, null, null, h == 0 ? null : (t - h) / h, method, false);
    }
}
