package io.affinity.campaigns;

import io.agroal.api.AgroalDataSource;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * What a campaign did, treated against holdout, over its window (up to now while it runs): conversion (an order in
 * the window), clicks on its promotion and revenue per customer, each a {@link Lift}. Computed in one query over the
 * campaign's audience and the window's orders and promotion clicks. That query scans the window's events (0.2-0.5 s
 * for a 100,000-customer audience over a week of 125,000 orders), so a campaign's results are counted at most once
 * per {@code quarkus.cache.caffeine."campaign-results".expire-after-write} (a minute) and say when they were.
 */
@ApplicationScoped
public class CampaignResults {

    /**
     * @param to the end of what was counted: the window's end, or now while the campaign runs
     * @param clicks null when the offer names no promotion
     */
    public record Results(
            long campaignId,
            String status,
            Instant from,
            Instant to,
            long treated,
            long holdout,
            Lift conversion,
            Lift clicks,
            Lift revenuePerCustomer,
            double confidence,
            Instant countedAt) {}

    private static final String SQL = """
            WITH m AS (SELECT customer_id, treated FROM campaign_member WHERE campaign_id = ?),
            o AS (SELECT e.customer_id,
                         bool_or(e.kind = 'order_completed') AS converted,
                         bool_or(e.kind = 'promotion_clicked' AND e.promotion_id = ?) AS clicked,
                         coalesce(sum(e.revenue) FILTER (WHERE e.kind = 'order_completed'), 0) AS revenue
                    FROM customer_event e JOIN m ON m.customer_id = e.customer_id
                   WHERE e.ts >= ? AND e.ts < ? AND e.kind IN ('order_completed', 'promotion_clicked')
                   GROUP BY e.customer_id)
            SELECT m.treated, count(*),
                   count(*) FILTER (WHERE o.converted), count(*) FILTER (WHERE o.clicked),
                   coalesce(sum(o.revenue), 0), coalesce(sum(o.revenue * o.revenue), 0)
              FROM m LEFT JOIN o ON o.customer_id = m.customer_id
             GROUP BY m.treated
            """;

    private final Campaigns campaigns;
    private final AgroalDataSource db;
    private final Cache counted;

    CampaignResults(Campaigns campaigns, AgroalDataSource db, @CacheName("campaign-results") Cache counted) {
        this.campaigns = campaigns;
        this.db = db;
        this.counted = counted;
    }

    /** The campaign's results as last counted, counted now when that was longer ago than the cache keeps them. */
    public Results of(long id) {
        Campaigns.Campaign campaign = campaigns.require(id); // a deleted campaign is a 404, cached or not
        return counted.get(id, k -> count(campaign)).await().indefinitely();
    }

    private Results count(Campaigns.Campaign campaign) {
        long id = campaign.id();
        Instant now = Instant.now();
        Instant to = now.isBefore(campaign.endsAt()) ? now : campaign.endsAt();
        long[] n = new long[2], converted = new long[2], clicked = new long[2];
        double[] revenue = new double[2], revenueSq = new double[2];
        String promotion = campaign.offer().promotionId();
        if (to.isAfter(campaign.startsAt())) {
            try (Connection c = db.getConnection();
                    PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setLong(1, id);
                ps.setString(2, promotion);
                ps.setTimestamp(3, Timestamp.from(campaign.startsAt()));
                ps.setTimestamp(4, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int arm = rs.getBoolean(1) ? 1 : 0;
                        n[arm] = rs.getLong(2);
                        converted[arm] = rs.getLong(3);
                        clicked[arm] = rs.getLong(4);
                        revenue[arm] = rs.getDouble(5);
                        revenueSq[arm] = rs.getDouble(6);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot measure campaign " + id + ": " + e.getMessage(), e);
            }
        } else {
            n[1] = campaign.treated();
            n[0] = campaign.holdout();
        }
        return new Results(
                id,
                campaign.status(),
                campaign.startsAt(),
                to,
                n[1],
                n[0],
                Lift.ofProportions(n[1], converted[1], n[0], converted[0]),
                promotion == null ? null : Lift.ofProportions(n[1], clicked[1], n[0], clicked[0]),
                Lift.ofMeans(n[1], revenue[1], revenueSq[1], n[0], revenue[0], revenueSq[0]),
                Lift.CONFIDENCE,
                now);
    }
}
