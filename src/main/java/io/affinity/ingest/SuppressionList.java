package io.affinity.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

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
     * @return the messageIds of the events whose user, anonymous or previous id is suppressed
     */
    Set<String> suppressedMessageIds(Connection c, List<TrackedEvent> events) throws SQLException {
        Set<String> blocked = blocked(c, events);
        if (blocked.isEmpty()) {
            return Set.of();
        }
        Set<String> suppressed = new HashSet<>();
        for (TrackedEvent e : events) {
            if (in(blocked, e.userId()) || in(blocked, e.anonymousId()) || in(blocked, e.previousId())) {
                suppressed.add(e.messageId());
            }
        }
        return suppressed;
    }

    /** Null-safe: the in-memory list is an immutable set, which refuses to be asked about null. */
    private static boolean in(Set<String> set, String id) {
        return id != null && set.contains(id);
    }

    /** The suppressed identities that matter for these events: the in-memory list, or the table's answer. */
    private Set<String> blocked(Connection c, List<TrackedEvent> events) throws SQLException {
        long version = version(c);
        Snapshot s = snapshot;
        if (s.version() != version) {
            s = load(c, version);
            snapshot = s;
        }
        return s.identities() != null ? s.identities() : probe(c, events);
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

    private static Set<String> probe(Connection c, List<TrackedEvent> events) throws SQLException {
        Set<String> identities = new HashSet<>();
        for (TrackedEvent e : events) {
            Stream.of(e.userId(), e.anonymousId(), e.previousId())
                    .filter(Objects::nonNull)
                    .forEach(identities::add);
        }
        return among(c, identities);
    }

    /** A number that moves whenever an identity is suppressed or lifted. */
    static long version(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM suppression_state");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Tells every reader (this list in each process, served models) that the suppressions changed. */
    static void changed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE suppression_state SET version = version + 1")) {
            ps.executeUpdate();
        }
    }

    /** Those of {@code identities} that are suppressed, asked of the table. */
    static Set<String> among(Connection c, java.util.Collection<String> identities) throws SQLException {
        Set<String> hits = new HashSet<>();
        if (identities.isEmpty()) return hits;
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
