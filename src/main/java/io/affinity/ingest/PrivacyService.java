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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    /**
     * What a deletion removed.
     *
     * @param found whether anything was known of the customer (events or a profile); the id is suppressed either way,
     *     so that nothing about them is ingested later
     */
    public record Deletion(String customerId, boolean found, Set<String> suppressedIdentities, long eventsDeleted) {}

    /** A suppressed identity: why, and since when. */
    public record Suppression(String identity, String reason, java.time.Instant since) {}

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
            long profiles;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM customer WHERE customer_id = ANY (?)")) {
                ps.setArray(1, ids);
                profiles = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO suppression (identity, reason)"
                    + " SELECT unnest(?::text[]), 'deleted on request' ON CONFLICT DO NOTHING")) {
                ps.setArray(1, ids);
                ps.executeUpdate();
            }
            SuppressionList.changed(c);
            deleted.fire(new CustomerDeleted(customerId, identities));
            return new Deletion(customerId, events > 0 || profiles > 0, identities, events);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not delete customer: " + e.getMessage(), e);
        }
    }

    /** Suppressed identities, oldest first, {@code limit} from {@code offset}. */
    public List<Suppression> suppressions(int offset, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT identity, reason, created_at FROM suppression"
                        + " ORDER BY created_at, identity OFFSET ? LIMIT ?")) {
            ps.setInt(1, offset);
            ps.setInt(2, limit);
            List<Suppression> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Suppression(
                            rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not list suppressions: " + e.getMessage(), e);
        }
    }

    /**
     * Lifts a suppression: events about the identity are ingested again from now on (what was erased stays erased).
     *
     * @throws IngestException 404 when the identity is not suppressed
     */
    @Transactional
    public void lift(String identity) {
        try (Connection c = dataSource.getConnection()) {
            int n;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM suppression WHERE identity = ?")) {
                ps.setString(1, identity);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                throw IngestException.notFound("'" + identity + "' is not suppressed");
            }
            SuppressionList.changed(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not lift the suppression: " + e.getMessage(), e);
        }
    }

    /** Whether the identity was erased on request (and is suppressed). */
    public boolean isErased(String identity) {
        return !erasedAmong(List.of(identity)).isEmpty();
    }

    /** Those of {@code identities} that are erased (suppressed). */
    public Set<String> erasedAmong(java.util.Collection<String> identities) {
        try (Connection c = dataSource.getConnection()) {
            return SuppressionList.among(c, identities);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read suppressions: " + e.getMessage(), e);
        }
    }

    /** A number that moves whenever an identity is suppressed or lifted: readers recheck what they hold when it does. */
    public long erasureVersion() {
        try (Connection c = dataSource.getConnection()) {
            return SuppressionList.version(c);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the suppression version: " + e.getMessage(), e);
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
