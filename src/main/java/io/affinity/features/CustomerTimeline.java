package io.affinity.features;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One customer's identities and latest events: the user id, the anonymous ids linked to it, and the events of all of
 * them, newest first, read on the event store's user and anonymous id indexes.
 */
@ApplicationScoped
public class CustomerTimeline {

    /** An event as the customer page lists it. */
    public record Event(
            Instant at,
            String type,
            String kind,
            String name,
            String identity,
            String productId,
            String category,
            Double revenue,
            String promotionId) {}

    private final AgroalDataSource db;

    CustomerTimeline(AgroalDataSource db) {
        this.db = db;
    }

    /** The anonymous ids (and aliases) linked to the customer. */
    public List<String> aliases(String customerId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT alias_id FROM identity_link WHERE customer_id = ? ORDER BY alias_id LIMIT 100")) {
            ps.setString(1, customerId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a customer's identities: " + e.getMessage(), e);
        }
    }

    /** The customer's latest events under any of their identities, newest first. */
    public List<Event> recent(String customerId, int limit) {
        List<String> anonymous = new ArrayList<>(aliases(customerId));
        anonymous.add(customerId); // a visitor never identified is their anonymous id
        String sql = "SELECT ts, type, kind, event, coalesce(user_id, anonymous_id), product_id, category, revenue,"
                + " promotion_id FROM (SELECT * FROM event_log WHERE user_id = ?"
                + " UNION ALL SELECT * FROM event_log WHERE user_id IS NULL AND anonymous_id = ANY (?)) e"
                + " ORDER BY ts DESC LIMIT " + limit;
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, customerId);
            ps.setArray(2, c.createArrayOf("text", anonymous.toArray()));
            List<Event> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double revenue = rs.getDouble(8);
                    out.add(new Event(
                            rs.getTimestamp(1).toInstant(),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.wasNull() ? null : revenue,
                            rs.getString(9)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a customer's events: " + e.getMessage(), e);
        }
    }
}
