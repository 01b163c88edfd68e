package io.affinity.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * Writes events with PostgreSQL COPY, exactly once per (source, messageId).
 *
 * <p>The common case — all events new — is one COPY straight into {@code event}. When the primary key says some
 * were already stored (a replay, possibly a concurrent one), the COPY is rolled back to a savepoint and the batch
 * goes through a temporary staging table and {@code INSERT ... ON CONFLICT DO NOTHING}, which tells which ones were
 * new. Callers run this inside their transaction, so a batch commits whole or not at all.
 */
@ApplicationScoped
public class EventStore {

    static final String COLUMNS = "source_id, message_id, type, kind, event, user_id, anonymous_id, previous_id, ts,"
            + " received_at, sent_at, original_timestamp, product_id, category, price, quantity, order_id, revenue,"
            + " promotion_id, properties, traits, context";

    private static final String UNIQUE_VIOLATION = "23505";

    private final AgroalDataSource dataSource;

    EventStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Outcome of one store: how many were written, which messageIds were already there, how many were suppressed. */
    public record Stored(int inserted, Set<String> duplicateMessageIds, Set<String> suppressedMessageIds) {}

    /**
     * Stores events of one source. Must run inside a transaction.
     *
     * @param events events with distinct messageIds
     */
    public Stored store(long sourceId, List<TrackedEvent> events) {
        try (Connection conn = dataSource.getConnection()) {
            Set<String> suppressed = suppressedMessageIds(conn, events);
            List<TrackedEvent> toWrite = events;
            if (!suppressed.isEmpty()) {
                toWrite = events.stream()
                        .filter(e -> !suppressed.contains(e.messageId()))
                        .toList();
            }
            if (toWrite.isEmpty()) {
                return new Stored(0, Set.of(), suppressed);
            }
            byte[] rows = CopyRows.encode(sourceId, toWrite);
            Set<String> duplicates = copyOrMerge(conn, rows, toWrite);
            upsertProfiles(conn, toWrite, duplicates);
            return new Stored(toWrite.size() - duplicates.size(), duplicates, suppressed);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not store events: " + e.getMessage(), e);
        }
    }

    private Set<String> copyOrMerge(Connection conn, byte[] rows, List<TrackedEvent> events)
            throws SQLException, IOException {
        var copy = conn.unwrap(PGConnection.class).getCopyAPI();
        try (Statement st = conn.createStatement()) {
            st.execute("SAVEPOINT event_copy");
            try {
                copy.copyIn("COPY event (" + COLUMNS + ") FROM STDIN", new ByteArrayInputStream(rows));
                st.execute("RELEASE SAVEPOINT event_copy");
                return Set.of();
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                st.execute("ROLLBACK TO SAVEPOINT event_copy");
            }
            st.execute("CREATE TEMP TABLE IF NOT EXISTS event_staging (LIKE event) ON COMMIT DELETE ROWS");
            st.execute("TRUNCATE event_staging");
            copy.copyIn("COPY event_staging (" + COLUMNS + ") FROM STDIN", new ByteArrayInputStream(rows));
            Set<String> inserted = new HashSet<>();
            try (ResultSet rs = st.executeQuery("INSERT INTO event SELECT * FROM event_staging"
                    + " ON CONFLICT (source_id, message_id) DO NOTHING RETURNING message_id")) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
            Set<String> duplicates = new LinkedHashSet<>();
            for (TrackedEvent e : events) {
                if (!inserted.contains(e.messageId())) {
                    duplicates.add(e.messageId());
                }
            }
            return duplicates;
        }
    }

    private static Set<String> suppressedMessageIds(Connection conn, List<TrackedEvent> events) throws SQLException {
        Set<String> identities = new HashSet<>();
        for (TrackedEvent e : events) {
            addIfPresent(identities, e.userId());
            addIfPresent(identities, e.anonymousId());
            addIfPresent(identities, e.previousId());
        }
        Set<String> blocked = new HashSet<>();
        try (PreparedStatement ps =
                conn.prepareStatement("SELECT identity FROM suppression WHERE identity = ANY (?)")) {
            Array array = conn.createArrayOf("text", identities.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    blocked.add(rs.getString(1));
                }
            }
        }
        if (blocked.isEmpty()) {
            return Set.of();
        }
        Set<String> suppressed = new HashSet<>();
        for (TrackedEvent e : events) {
            if (blocked.contains(e.userId()) || blocked.contains(e.anonymousId()) || blocked.contains(e.previousId())) {
                suppressed.add(e.messageId());
            }
        }
        return suppressed;
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }

    /** identify traits update the profile key by key, in event-time order, once per newly stored event. */
    private static void upsertProfiles(Connection conn, List<TrackedEvent> events, Set<String> duplicates)
            throws SQLException {
        List<TrackedEvent> identifies = new ArrayList<>();
        for (TrackedEvent e : events) {
            if (e.type() == CallType.IDENTIFY && !duplicates.contains(e.messageId())) {
                identifies.add(e);
            }
        }
        if (identifies.isEmpty()) {
            return;
        }
        identifies.sort(java.util.Comparator.comparing(TrackedEvent::ts));
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO customer (customer_id, traits, created_at,"
                + " updated_at) VALUES (?, ?::jsonb, ?, ?) ON CONFLICT (customer_id) DO UPDATE"
                + " SET traits = customer.traits || excluded.traits, updated_at = excluded.updated_at")) {
            for (TrackedEvent e : identifies) {
                ObjectNode traits = e.traits();
                ps.setString(1, e.identity());
                ps.setString(2, traits == null ? "{}" : traits.toString());
                ps.setObject(3, java.sql.Timestamp.from(e.ts()));
                ps.setObject(4, java.sql.Timestamp.from(Instant.now()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Encodes events as rows of COPY's text format. */
    static final class CopyRows {

        private CopyRows() {}

        static byte[] encode(long sourceId, List<TrackedEvent> events) {
            StringBuilder sb = new StringBuilder(events.size() * 512);
            String source = Long.toString(sourceId);
            for (TrackedEvent e : events) {
                sb.append(source).append('\t');
                text(sb, e.messageId()).append('\t');
                sb.append(e.type().dbName()).append('\t');
                sb.append(e.kind().dbName()).append('\t');
                text(sb, e.event()).append('\t');
                text(sb, e.userId()).append('\t');
                text(sb, e.anonymousId()).append('\t');
                text(sb, e.previousId()).append('\t');
                time(sb, e.ts()).append('\t');
                time(sb, e.receivedAt()).append('\t');
                time(sb, e.sentAt()).append('\t');
                time(sb, e.originalTimestamp()).append('\t');
                text(sb, e.productId()).append('\t');
                text(sb, e.category()).append('\t');
                number(sb, e.price()).append('\t');
                number(sb, e.quantity()).append('\t');
                text(sb, e.orderId()).append('\t');
                number(sb, e.revenue()).append('\t');
                text(sb, e.promotionId()).append('\t');
                json(sb, e.properties()).append('\t');
                json(sb, e.traits()).append('\t');
                json(sb, e.context()).append('\n');
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static StringBuilder text(StringBuilder sb, String s) {
            if (s == null) {
                return sb.append("\\N");
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> sb.append(c);
                }
            }
            return sb;
        }

        private static StringBuilder time(StringBuilder sb, Instant t) {
            return t == null ? sb.append("\\N") : sb.append(t);
        }

        private static StringBuilder number(StringBuilder sb, Number n) {
            return n == null ? sb.append("\\N") : sb.append(n);
        }

        private static StringBuilder json(StringBuilder sb, ObjectNode node) {
            return node == null ? sb.append("\\N") : text(sb, node.toString());
        }
    }
}
