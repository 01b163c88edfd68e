package io.affinity.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affinity.features.CustomerFeatures;
import io.affinity.features.MissingPolicy;
import io.affinity.features.NumericFeature;
import io.affinity.models.UseCase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reasons read as a person would say them: rounded numbers, flags in words, one reason per measure. */
class ReasonTextTest {

    @Test
    void decimalsRoundLikeFormat() {
        for (double v : new double[] {0, 0.125, 0.994, 0.996, 2, 12.34567, -3.14159, -0.001, 1234.5, 0.05}) {
            assertEquals(String.format("%.2f", v).replace("-0.00", "0.00"), ScoringService.decimals(v, 2), "" + v);
            assertEquals(String.format("%.1f", v).replace("-0.0", "0.0"), ScoringService.decimals(v, 1), "" + v);
        }
    }

    private static NumericFeature feature(String name, double fill) {
        return new NumericFeature(name, MissingPolicy.MEDIAN, fill, 0, 1e6, List.of());
    }

    @Test
    void aFlagIsSaidInWords() {
        var r = ScoringService.reason(UseCase.CHURN, feature("subscribed", 1), 0, 0.31);
        assertEquals("has an active subscription: no (typical yes) raises the churn score by 0.31", r.text());
    }

    @Test
    void floatNoiseNeverShows() {
        var r = ScoringService.reason(UseCase.PROPENSITY, feature("revenue_90d", 120.5), 1706.8899999999999, -0.12346);
        assertEquals(
                "revenue in the last 90 days: 1706.9 (typical 120.5) lowers the propensity score by 0.12", r.text());
        assertEquals(1706.89, r.value());
        assertEquals(-0.1235, r.effect());
    }

    @Test
    void windowsOfOneMeasureAreOneFamily() {
        assertEquals(CustomerFeatures.family("orders_total"), CustomerFeatures.family("orders_90d"));
        assertEquals(CustomerFeatures.family("revenue_30d"), CustomerFeatures.family("revenue_total"));
        assertEquals("days_since_last_order", CustomerFeatures.family("days_since_last_order"));
        assertEquals("active_days", CustomerFeatures.family("active_days_30d"));
    }
}
