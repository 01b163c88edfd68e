package io.affinity.ingest;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
            + " promotion_id, name, group_id, properties, traits, context, claimed_ts";

    static final String COPY_EVENT = "COPY event (" + COLUMNS + ") FROM STDIN (FORMAT binary)";

    private static final String UNIQUE_VIOLATION = "23505";

    private final AgroalDataSource dataSource;
    private final SuppressionList suppression;

    EventStore(AgroalDataSource dataSource, SuppressionList suppression) {
        this.dataSource = dataSource;
        this.suppression = suppression;
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
            Set<String> suppressed = suppression.suppressedMessageIds(conn, events);
            List<TrackedEvent> toWrite = events;
            if (!suppressed.isEmpty()) {
                toWrite = events.stream()
                        .filter(e -> !suppressed.contains(e.messageId()))
                        .toList();
            }
            if (toWrite.isEmpty()) {
                return new Stored(0, Set.of(), suppressed);
            }
            CopyRows rows = CopyRows.encode(sourceId, toWrite);
            Set<String> duplicates = copyOrMerge(conn, rows, toWrite);
            upsertProfiles(conn, toWrite, duplicates);
            return new Stored(toWrite.size() - duplicates.size(), duplicates, suppressed);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not store events: " + e.getMessage(), e);
        }
    }

    private Set<String> copyOrMerge(Connection conn, CopyRows rows, List<TrackedEvent> events)
            throws SQLException, IOException {
        var copy = conn.unwrap(PGConnection.class).getCopyAPI();
        try (Statement st = conn.createStatement()) {
            st.execute("SAVEPOINT event_copy");
            try {
                rows.copyInto(copy, COPY_EVENT);
                return Set.of(); // the commit releases the savepoint: no round trip for it
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                st.execute("ROLLBACK TO SAVEPOINT event_copy");
            }
            st.execute("CREATE TEMP TABLE IF NOT EXISTS event_staging (LIKE event) ON COMMIT DELETE ROWS");
            st.execute("TRUNCATE event_staging");
            rows.copyInto(copy, "COPY event_staging (" + COLUMNS + ") FROM STDIN (FORMAT binary)");
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
                RawJson traits = e.traits();
                ps.setString(1, e.identity());
                ps.setString(2, traits == null ? "{}" : traits.toString());
                ps.setObject(3, java.sql.Timestamp.from(e.ts()));
                ps.setObject(4, java.sql.Timestamp.from(Instant.now()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Encodes events in COPY's binary format: no text escaping on our side, no number or timestamp parsing on the
     * server's (see PostgreSQL's COPY documentation, "Binary Format").
     */
    static final class CopyRows {

        private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
        private static final short FIELDS = 25;
        /** PostgreSQL's epoch, 2000-01-01T00:00:00Z, in Unix seconds. */
        private static final long PG_EPOCH_SECONDS = 946_684_800L;

        private static final byte JSONB_VERSION = 1;

        private byte[] buf;
        private int pos;

        private CopyRows(int capacity) {
            buf = new byte[capacity];
        }

        static CopyRows encode(long sourceId, List<TrackedEvent> events) {
            CopyRows w = new CopyRows(events.size() * 600 + 64);
            w.bytes(SIGNATURE, 0, SIGNATURE.length);
            w.int32(0); // flags
            w.int32(0); // header extension length
            for (TrackedEvent e : events) {
                w.int16(FIELDS);
                w.int32(8);
                w.int64(sourceId);
                w.text(e.messageId());
                w.text(e.type().dbName());
                w.text(e.kind().dbName());
                w.text(e.event());
                w.text(e.userId());
                w.text(e.anonymousId());
                w.text(e.previousId());
                w.time(e.ts());
                w.time(e.receivedAt());
                w.time(e.sentAt());
                w.time(e.originalTimestamp());
                w.text(e.productId());
                w.text(e.category());
                w.float8(e.price());
                w.int4(e.quantity());
                w.text(e.orderId());
                w.float8(e.revenue());
                w.text(e.promotionId());
                w.text(e.name());
                w.text(e.groupId());
                w.jsonb(e.properties());
                w.jsonb(e.traits());
                w.jsonb(e.context());
                w.time(e.claimedTs());
            }
            w.int16((short) -1);
            return w;
        }

        /** Sends the rows as one COPY, straight from the buffer. */
        void copyInto(org.postgresql.copy.CopyManager copy, String sql) throws SQLException {
            var in = copy.copyIn(sql);
            try {
                in.writeToCopy(buf, 0, pos);
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        }

        /** The encoded rows (a copy). */
        byte[] bytes() {
            return java.util.Arrays.copyOf(buf, pos);
        }

        private void text(String s) {
            if (s == null) {
                int32(-1);
                return;
            }
            int n = s.length();
            ensure(4 + n);
            int lengthAt = pos;
            pos += 4;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) { // not ASCII: let the JDK encode it
                    pos = lengthAt;
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    int32(b.length);
                    bytes(b, 0, b.length);
                    return;
                }
                buf[pos++] = (byte) c;
            }
            int end = pos;
            pos = lengthAt;
            int32(n);
            pos = end;
        }

        private void time(Instant t) {
            if (t == null) {
                int32(-1);
                return;
            }
            int32(8);
            int64((t.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + t.getNano() / 1_000);
        }

        private void float8(Double d) {
            if (d == null) {
                int32(-1);
                return;
            }
            int32(8);
            int64(Double.doubleToLongBits(d));
        }

        private void int4(Integer i) {
            if (i == null) {
                int32(-1);
                return;
            }
            int32(4);
            int32(i);
        }

        private void jsonb(RawJson json) {
            if (json == null) {
                int32(-1);
                return;
            }
            int32(json.len() + 1);
            ensure(1);
            buf[pos++] = JSONB_VERSION;
            bytes(json.buf(), json.off(), json.len());
        }

        private void int16(short v) {
            ensure(2);
            buf[pos++] = (byte) (v >> 8);
            buf[pos++] = (byte) v;
        }

        private void int32(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >> 24);
            buf[pos++] = (byte) (v >> 16);
            buf[pos++] = (byte) (v >> 8);
            buf[pos++] = (byte) v;
        }

        private void int64(long v) {
            int32((int) (v >> 32));
            int32((int) v);
        }

        private void bytes(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, pos, len);
            pos += len;
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }
    }
}
