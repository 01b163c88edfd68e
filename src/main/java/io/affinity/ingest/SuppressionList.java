package io.affinity.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The suppressed identities, as ingestion sees them. The list is small (deleted customers), so it is kept in memory
 * and reloaded when {@code suppression_state.version} moves: one tiny query per batch instead of an index probe
 * per event. Past {@link #MAX_IN_MEMORY} identities it asks the table for each batch instead.
 */
@ApplicationScoped
public class SuppressionList {

    static final int MAX_IN_MEMORY = 100_000;

    private record Snapshot(long version, Set<String> identities) {}

    private volatile Snapshot snapshot = new Snapshot(-1, Set.of());

    /**
     * @param identities the ids of a batch
     * @return those of them that are suppressed
     */
    Set<String> suppressed(Connection c, Collection<String> identities) throws SQLException {
        long version;
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM suppression_state");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            version = rs.getLong(1);
        }
        Snapshot s = snapshot;
        if (s.version() != version) {
            s = load(c, version);
            snapshot = s;
        }
        if (s.identities() == null) {
            return probe(c, identities);
        }
        if (s.identities().isEmpty()) {
            return Set.of();
        }
        Set<String> hits = new HashSet<>();
        for (String id : identities) {
            if (s.identities().contains(id)) {
                hits.add(id);
            }
        }
        return hits;
    }

    private static Snapshot load(Connection c, long version) throws SQLException {
        Set<String> all = new HashSet<>();
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT identity FROM suppression LIMIT " + (MAX_IN_MEMORY + 1));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.add(rs.getString(1));
            }
        }
        return new Snapshot(version, all.size() > MAX_IN_MEMORY ? null : Set.copyOf(all));
    }

    private static Set<String> probe(Connection c, Collection<String> identities) throws SQLException {
        Set<String> hits = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT identity FROM suppression WHERE identity = ANY (?)")) {
            Array array = c.createArrayOf("text", identities.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hits.add(rs.getString(1));
                }
            }
        }
        return hits;
    }
}
