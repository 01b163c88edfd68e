package io.affinity.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The numbers in reason texts read as {@code %.Nf} would print them. */
class ReasonTextTest {

    @Test
    void decimalsRoundLikeFormat() {
        for (double v : new double[] {0, 0.125, 0.994, 0.996, 2, 12.34567, -3.14159, -0.001, 1234.5, 0.05}) {
            assertEquals(String.format("%.2f", v).replace("-0.00", "0.00"), ScoringService.decimals(v, 2), "" + v);
            assertEquals(String.format("%.1f", v).replace("-0.0", "0.0"), ScoringService.decimals(v, 1), "" + v);
        }
    }
}
