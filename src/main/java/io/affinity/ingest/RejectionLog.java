package io.affinity.ingest;

import io.affinity.platform.StoredText;
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
     * @param importJobId the bulk import the events belong to, or null for the tracking API
     * @param origin where the events came from: an API path, an S3 object, a file
     */
    public void record(Long sourceId, Long importJobId, String origin, Instant receivedAt, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("INSERT INTO rejection (source_id, received_at, origin,"
                        + " position, field, error, excerpt, import_job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Entry e : entries) {
                if (sourceId == null) {
                    ps.setNull(1, Types.BIGINT);
                } else {
                    ps.setLong(1, sourceId);
                }
                ps.setTimestamp(2, Timestamp.from(receivedAt));
                ps.setString(3, StoredText.visible(origin));
                ps.setInt(4, e.rejection().index());
                ps.setString(5, e.rejection().field());
                ps.setString(6, e.rejection().error());
                ps.setString(7, excerpt(e.excerpt()));
                ps.setObject(8, importJobId, Types.BIGINT);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException ex) {
            throw new IllegalStateException("Could not record rejected events: " + ex.getMessage(), ex);
        }
    }

    /** Cuts the excerpt and shows what PostgreSQL text cannot hold as escapes. */
    private static String excerpt(String raw) {
        if (raw == null) {
            return null;
        }
        return StoredText.visible(raw.length() > MAX_EXCERPT ? raw.substring(0, MAX_EXCERPT) + "..." : raw);
    }

    /** One recorded rejection of a bulk import, by line. */
    public record Line(int line, String field, String error, String excerpt) {}

    /** The rejections of one import in line order, {@code limit} from {@code offset}. */
    public List<Line> ofImport(long importJobId, int offset, int limit) {
        try (Connection conn = dataSource.getConnection();
                PreparedStatement ps = conn.prepareStatement("SELECT position, field, error, excerpt FROM rejection"
                        + " WHERE import_job_id = ? ORDER BY position, id OFFSET ? LIMIT ?")) {
            ps.setLong(1, importJobId);
            ps.setInt(2, offset);
            ps.setInt(3, limit);
            List<Line> lines = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new Line(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return lines;
        } catch (SQLException ex) {
            throw new IllegalStateException("Could not read rejections of import " + importJobId, ex);
        }
    }
}
