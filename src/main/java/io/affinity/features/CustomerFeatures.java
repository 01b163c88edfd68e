package io.affinity.features;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The raw inputs of the propensity and churn models (and, with the promotion, of ctr), derived from a customer's
 * aggregates. Training calls it on aggregates as of a cut-off, scoring on current ones: one definition.
 */
public final class CustomerFeatures {

    public static final List<String> NUMERIC = List.of(
            "recency_days",
            "tenure_days",
            "events_7d",
            "events_30d",
            "events_90d",
            "active_days_30d",
            "product_views_30d",
            "cart_adds_30d",
            "orders_30d",
            "orders_90d",
            "orders_total",
            "revenue_30d",
            "revenue_90d",
            "revenue_total",
            "promo_views_30d",
            "promo_clicks_30d",
            "days_since_last_order",
            "subscribed");

    public static final List<String> CATEGORICAL = List.of("top_category_90d", "subscription");

    /** Each input in words a marketer reads, for the reasons given with a score. */
    public static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("recency_days", "days since last seen"),
            Map.entry("tenure_days", "days since first seen"),
            Map.entry("events_7d", "events in the last 7 days"),
            Map.entry("events_30d", "events in the last 30 days"),
            Map.entry("events_90d", "events in the last 90 days"),
            Map.entry("active_days_30d", "active days in the last 30 days"),
            Map.entry("product_views_30d", "product views in the last 30 days"),
            Map.entry("cart_adds_30d", "cart adds in the last 30 days"),
            Map.entry("orders_30d", "orders in the last 30 days"),
            Map.entry("orders_90d", "orders in the last 90 days"),
            Map.entry("orders_total", "orders ever"),
            Map.entry("revenue_30d", "revenue in the last 30 days"),
            Map.entry("revenue_90d", "revenue in the last 90 days"),
            Map.entry("revenue_total", "revenue ever"),
            Map.entry("promo_views_30d", "promotions seen in the last 30 days"),
            Map.entry("promo_clicks_30d", "promotions clicked in the last 30 days"),
            Map.entry("days_since_last_order", "days since the last order"),
            Map.entry("subscribed", "has an active subscription"),
            Map.entry("top_category_90d", "favourite category"),
            Map.entry("subscription", "subscription state"));

    /** Inputs that are 0 or 1: said as yes or no to people. */
    public static final java.util.Set<String> FLAGS = java.util.Set.of("subscribed");

    /**
     * What an input measures regardless of its window: {@code orders_30d}, {@code orders_90d} and
     * {@code orders_total} are one family, so a reason need not be given twice in other windows.
     */
    public static String family(String name) {
        return FAMILIES.computeIfAbsent(name, n -> n.replaceAll("_(\\d+d|total)$", ""));
    }

    private static final Map<String, String> FAMILIES = new java.util.concurrent.ConcurrentHashMap<>();

    private CustomerFeatures() {}

    /** Input names of the ctr model, in the order of {@link #adRaw}: the customer's, the promotion's click rate, the promotion. */
    public static List<String> adNames() {
        List<String> names = new ArrayList<>(NUMERIC);
        names.add("promotion_ctr_before");
        names.addAll(CATEGORICAL);
        names.add("promotion");
        return names;
    }

    /** Raw inputs of the ctr model for one customer and one promotion. */
    public static Object[] adRaw(Object[] customer, PromotionStats.Counts promotion, String promotionId) {
        Object[] row = new Object[NUMERIC.size() + CATEGORICAL.size() + 2];
        System.arraycopy(customer, 0, row, 0, NUMERIC.size());
        row[NUMERIC.size()] = (promotion == null ? new PromotionStats.Counts(0, 0) : promotion).smoothedClickRate();
        System.arraycopy(customer, NUMERIC.size(), row, NUMERIC.size() + 1, CATEGORICAL.size());
        row[row.length - 1] = promotionId;
        return row;
    }

    /** Input names in the order of {@link #raw}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(NUMERIC);
        names.addAll(CATEGORICAL);
        return names;
    }

    /** Raw inputs (numbers then categories) of one customer. */
    public static Object[] raw(CustomerAggregate a) {
        double tenure = days(Duration.between(a.firstSeen(), a.asOf()));
        Double sinceOrder = a.lastOrderAt() == null ? null : days(Duration.between(a.lastOrderAt(), a.asOf()));
        return new Object[] {
            a.recencyDays(),
            tenure,
            (double) a.events7d(),
            (double) a.events30d(),
            (double) a.events90d(),
            (double) a.activeDays30d(),
            (double) a.productViews30d(),
            (double) a.cartAdds30d(),
            (double) a.orders30d(),
            (double) a.orders90d(),
            (double) a.ordersTotal(),
            a.revenue30d(),
            a.revenue90d(),
            a.revenueTotal(),
            (double) a.promoViews30d(),
            (double) a.promoClicks30d(),
            // Never ordered: as long ago as the customer has been around (a missing value would be filled with the
            // median).
            sinceOrder == null ? tenure : sinceOrder,
            a.subscribed() ? 1.0 : 0.0,
            topCategory(a.categoryCounts90d()),
            a.subscribed() ? "subscribed" : a.cancelledAt() != null ? "cancelled" : "never"
        };
    }

    private static double days(Duration d) {
        return d.toSeconds() / 86400.0;
    }

    private static String topCategory(Map<String, Integer> counts) {
        String best = null;
        int most = 0;
        for (var e : counts.entrySet()) {
            if (e.getValue() > most
                    || (e.getValue() == most && best != null && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
                most = e.getValue();
            }
        }
        return best;
    }
}
