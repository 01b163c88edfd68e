package io.affinity.features;

import java.time.Instant;
import java.util.Map;

/**
 * Behaviour of one customer as of a point in time: the raw material of every model's features.
 *
 * @param recencyDays days between the last event and {@code asOf}
 * @param kindCounts90d events per kind (product_viewed, order_completed, ...) over 90 days
 * @param categoryCounts90d product events per category over 90 days
 */
public record CustomerAggregate(
        String customerId,
        Instant asOf,
        Instant firstSeen,
        Instant lastSeen,
        double recencyDays,
        int events7d,
        int events30d,
        int events90d,
        int activeDays30d,
        int productViews30d,
        int cartAdds30d,
        int orders30d,
        int orders90d,
        int ordersTotal,
        double revenue30d,
        double revenue90d,
        double revenueTotal,
        int promoViews30d,
        int promoClicks30d,
        Instant lastOrderAt,
        boolean subscribed,
        Instant cancelledAt,
        Map<String, Integer> kindCounts90d,
        Map<String, Integer> categoryCounts90d) {}
