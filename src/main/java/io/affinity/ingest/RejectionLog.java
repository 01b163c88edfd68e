package io.affinity.ingest;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/** Records refused events and requests, so producers and marketers can see what was dropped and why. */
@ApplicationScoped
public class RejectionLog {

    private static final int MAX_EXCERPT = 300;

    private final AgroalDataSource dataSource;

    RejectionLog(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One refused event with the text it came as (cut to a short excerpt). */
    public record Entry(Rejection rejection, String excerpt) {}

    /**
     * @param sourceId the source, or null when the request could not be tied to one
     * @param origin where the events came from: an API path, an S3 object, a file
     */
    public void record(Long sourceId, String origin, Instant receivedAt, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("INSERT INTO rejection (source_id, received_at, origin,"
                        + " position, field, error, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Entry e : entries) {
                if (sourceId == null) {
                    ps.setNull(1, Types.BIGINT);
                } else {
                    ps.setLong(1, sourceId);
                }
                ps.setTimestamp(2, Timestamp.from(receivedAt));
                ps.setString(3, origin);
                ps.setInt(4, e.rejection().index());
                ps.setString(5, e.rejection().field());
                ps.setString(6, e.rejection().error());
                ps.setString(7, excerpt(e.excerpt()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException ex) {
            throw new IllegalStateException("Could not record rejected events: " + ex.getMessage(), ex);
        }
    }

    /** Cuts the excerpt and strips what PostgreSQL text cannot hold. */
    private static String excerpt(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.length() > MAX_EXCERPT ? raw.substring(0, MAX_EXCERPT) + "..." : raw;
        StringBuilder clean = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || Character.isSurrogate(c)) {
                clean.append('\uFFFD');
            } else {
                clean.append(c);
            }
        }
        return clean.toString();
    }
}
