package io.affinity.ingest;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Right to erasure: deleting a customer removes their events, profile and everything derived from them, and
 * suppresses all their identities so nothing about them is ingested again.
 */
@ApplicationScoped
public class PrivacyService {

    private final AgroalDataSource dataSource;
    private final Event<CustomerDeleted> deleted;

    PrivacyService(AgroalDataSource dataSource, Event<CustomerDeleted> deleted) {
        this.dataSource = dataSource;
        this.deleted = deleted;
    }

    /** What a deletion removed. */
    public record Deletion(String customerId, Set<String> suppressedIdentities, long eventsDeleted) {}

    /**
     * @throws IngestException 400 for a blank id
     */
    @Transactional
    public Deletion deleteCustomer(String customerId) {
        if (customerId == null || customerId.isBlank()) {
            throw IngestException.badRequest("customer id is required");
        }
        try (Connection c = dataSource.getConnection()) {
            Set<String> identities = identities(c, customerId);
            Array ids = c.createArrayOf("text", identities.toArray());
            long events;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM event WHERE user_id = ANY (?)"
                    + " OR anonymous_id = ANY (?) OR previous_id = ANY (?)")) {
                ps.setArray(1, ids);
                ps.setArray(2, ids);
                ps.setArray(3, ids);
                events = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customer WHERE customer_id = ANY (?)")) {
                ps.setArray(1, ids);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO suppression (identity, reason)"
                    + " SELECT unnest(?::text[]), 'deleted on request' ON CONFLICT DO NOTHING")) {
                ps.setArray(1, ids);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE suppression_state SET version = version + 1")) {
                ps.executeUpdate();
            }
            deleted.fire(new CustomerDeleted(customerId, identities));
            return new Deletion(customerId, identities, events);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not delete customer: " + e.getMessage(), e);
        }
    }

    /** The customer id, and every anonymous id or alias ever seen together with it. */
    private static Set<String> identities(Connection c, String customerId) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(customerId);
        try (PreparedStatement ps = c.prepareStatement("SELECT anonymous_id FROM event WHERE user_id = ?"
                + " AND anonymous_id IS NOT NULL UNION SELECT previous_id FROM event WHERE user_id = ?"
                + " AND previous_id IS NOT NULL")) {
            ps.setString(1, customerId);
            ps.setString(2, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}
