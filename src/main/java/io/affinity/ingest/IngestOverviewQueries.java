package io.affinity.ingest;

import io.affinity.ingest.IngestOverview.ImportRow;
import io.affinity.ingest.IngestOverview.KindSeries;
import io.affinity.ingest.IngestOverview.ReasonRow;
import io.affinity.ingest.IngestOverview.RejectionRow;
import io.affinity.ingest.IngestOverview.SourceRow;
import io.affinity.ingest.IngestOverview.Totals;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the ingestion overview from the event store with a handful of aggregate queries. */
@ApplicationScoped
public class IngestOverviewQueries {

    /** Days shown in the events-per-day chart. */
    public static final int DAYS = 30;

    private final AgroalDataSource dataSource;

    IngestOverviewQueries(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public IngestOverview overview(Instant now) {
        try (Connection c = dataSource.getConnection()) {
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            List<LocalDate> days = new ArrayList<>();
            for (int i = DAYS - 1; i >= 0; i--) {
                days.add(today.minusDays(i));
            }
            return new IngestOverview(
                    totals(c, now),
                    days,
                    perDay(c, days),
                    sources(c),
                    reasons(c, now),
                    recentRejections(c),
                    imports(c));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the ingestion overview: " + e.getMessage(), e);
        }
    }

    private static Totals totals(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM event),"
                + " (SELECT count(*) FROM event WHERE received_at > ?),"
                + " (SELECT count(*) FROM source),"
                + " (SELECT count(*) FROM rejection WHERE received_at > ?)")) {
            ps.setTimestamp(1, Timestamp.from(now.minusSeconds(86_400)));
            ps.setTimestamp(2, Timestamp.from(now.minusSeconds(7 * 86_400)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    private static List<KindSeries> perDay(Connection c, List<LocalDate> days) throws SQLException {
        Map<String, long[]> byKind = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, (ts AT TIME ZONE 'UTC')::date AS day, count(*)"
                + " FROM event WHERE ts >= ? GROUP BY 1, 2")) {
            ps.setTimestamp(1, Timestamp.from(days.get(0).atStartOfDay().toInstant(ZoneOffset.UTC)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = days.indexOf(rs.getObject(2, LocalDate.class));
                    if (i >= 0) {
                        byKind.computeIfAbsent(rs.getString(1), k -> new long[days.size()])[i] = rs.getLong(3);
                    }
                }
            }
        }
        List<KindSeries> series = new ArrayList<>();
        byKind.forEach((kind, counts) -> {
            List<Long> list = new ArrayList<>();
            long total = 0;
            for (long n : counts) {
                list.add(n);
                total += n;
            }
            series.add(new KindSeries(kind, list, total));
        });
        series.sort((a, b) -> Long.compare(b.total(), a.total()));
        return series;
    }

    private static List<SourceRow> sources(Connection c) throws SQLException {
        List<SourceRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.name,"
                        + " (SELECT count(*) FROM event e WHERE e.source_id = s.id),"
                        + " (SELECT max(received_at) FROM event e WHERE e.source_id = s.id),"
                        + " (SELECT count(*) FROM write_key k WHERE k.source_id = s.id AND k.revoked_at IS NULL)"
                        + " FROM source s ORDER BY s.name");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new SourceRow(rs.getLong(1), rs.getString(2), rs.getLong(3), instant(rs, 4), rs.getLong(5)));
            }
        }
        return rows;
    }

    private static List<ReasonRow> reasons(Connection c, Instant now) throws SQLException {
        List<ReasonRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT field, error, count(*) FROM rejection"
                + " WHERE received_at > ? GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 10")) {
            ps.setTimestamp(1, Timestamp.from(now.minusSeconds(7 * 86_400)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ReasonRow(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return rows;
    }

    private static List<RejectionRow> recentRejections(Connection c) throws SQLException {
        List<RejectionRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT r.received_at, s.name, r.origin, r.position, r.field,"
                                + " r.error FROM rejection r LEFT JOIN source s ON s.id = r.source_id ORDER BY r.id DESC LIMIT 10");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int pos = rs.getInt(4);
                rows.add(new RejectionRow(
                        instant(rs, 1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.wasNull() || pos < 0 ? null : pos,
                        rs.getString(5),
                        rs.getString(6)));
            }
        }
        return rows;
    }

    private static List<ImportRow> imports(Connection c) throws SQLException {
        List<ImportRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, origin, status, lines, accepted, duplicates,"
                        + " rejected, started_at FROM import_job ORDER BY id DESC LIMIT 10");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new ImportRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        instant(rs, 8)));
            }
        }
        return Collections.unmodifiableList(rows);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
