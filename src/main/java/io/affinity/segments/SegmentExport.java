package io.affinity.segments;

import io.affinity.models.UseCase;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A segment's members as CSV, streamed in constant memory: pages of {@value #PAGE} members by id (keyset, no cursor
 * held open between pages), each with every probability use case's latest score and band, read for the page's ids.
 */
@ApplicationScoped
public class SegmentExport {

    static final int PAGE = 5_000;

    private final Segments segments;
    private final AgroalDataSource db;

    SegmentExport(Segments segments, AgroalDataSource db) {
        this.segments = segments;
        this.db = db;
    }

    /** @throws SegmentException 404 before anything is written, when there is no such segment */
    public void check(long id) {
        segments.require(id);
    }

    /** @return the rows written */
    public long write(long id, OutputStream out) throws IOException {
        List<String> useCases =
                UseCase.probabilities().stream().map(UseCase::id).toList();
        List<String> header = new ArrayList<>(List.of("customer_id", "member_since"));
        for (String u : useCases) {
            header.add(u + "_probability");
            header.add(u + "_band");
        }
        long rows = 0;
        var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader(header.toArray(String[]::new))
                .get();
        try (CSVPrinter csv = new CSVPrinter(writer, format)) {
            String after = "";
            while (true) {
                List<String> ids = new ArrayList<>(PAGE);
                List<Instant> since = new ArrayList<>(PAGE);
                Map<String, Map<String, SegmentMembers.Score>> scores;
                try (Connection c = db.getConnection()) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, since FROM segment_member"
                            + " WHERE segment_id = ? AND customer_id > ? ORDER BY customer_id LIMIT " + PAGE)) {
                        ps.setLong(1, id);
                        ps.setString(2, after);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                ids.add(rs.getString(1));
                                since.add(rs.getTimestamp(2).toInstant());
                            }
                        }
                    }
                    if (ids.isEmpty()) break;
                    scores = LatestScores.of(c, ids);
                } catch (SQLException e) {
                    throw new IOException("cannot read the members of segment " + id + ": " + e.getMessage(), e);
                }
                for (int k = 0; k < ids.size(); k++) {
                    csv.print(ids.get(k));
                    csv.print(since.get(k));
                    Map<String, SegmentMembers.Score> mine = scores.getOrDefault(ids.get(k), Map.of());
                    for (String u : useCases) {
                        SegmentMembers.Score score = mine.get(u);
                        csv.print(score == null ? null : score.probability());
                        csv.print(score == null ? null : score.band());
                    }
                    csv.println();
                }
                rows += ids.size();
                after = ids.get(ids.size() - 1);
                if (ids.size() < PAGE) break;
            }
        }
        return rows;
    }
}
