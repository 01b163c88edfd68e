package io.affinity.features;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Impressions and clicks per promotion up to a point in time: the ad side of the ctr model's features. */
@ApplicationScoped
public class PromotionStats {

    /** Views and clicks of a promotion. */
    public record Counts(long views, long clicks) {
        /** Click rate smoothed towards 5% so a new promotion is neither 0 nor 1 after a few views. */
        public double smoothedClickRate() {
            return (clicks + 1.0) / (views + 20.0);
        }
    }

    private final AgroalDataSource db;

    PromotionStats(AgroalDataSource db) {
        this.db = db;
    }

    /** Every promotion's counts from the events at or before {@code asOf}. */
    public Map<String, Counts> asOf(Instant asOf) {
        String sql = "SELECT promotion_id, count(*) FILTER (WHERE kind = 'promotion_viewed'),"
                + " count(*) FILTER (WHERE kind = 'promotion_clicked') FROM event_log"
                + " WHERE promotion_id IS NOT NULL AND ts <= ? GROUP BY promotion_id";
        Map<String, Counts> out = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(asOf));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), new Counts(rs.getLong(2), rs.getLong(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read promotion statistics: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The promotions still running: viewed within {@code window} before the latest promotion view in the store
     * (so a replayed or historical store has running promotions too), most viewed first.
     */
    public java.util.List<String> running(java.time.Duration window) {
        String sql = "SELECT promotion_id FROM event_log WHERE kind = 'promotion_viewed' AND promotion_id IS NOT NULL"
                + " AND ts >= (SELECT max(ts) FROM event_log WHERE kind = 'promotion_viewed') - make_interval(secs => ?)"
                + " GROUP BY promotion_id ORDER BY count(*) DESC, promotion_id";
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, window.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the running promotions: " + e.getMessage(), e);
        }
        return out;
    }
}
