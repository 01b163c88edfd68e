package io.affinity.segments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.affinity.scoring.BatchRunFinished;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Materialises segments: each refresh runs the rule over the {@link CustomerFacts} into a temporary table and, in the same
 * transaction, records who entered and who left, replaces the members, and records the size and the model versions
 * whose scores the rule read. The rows never leave the server (INSERT ... SELECT), so a refresh costs the query and
 * the writes, not a round trip per member. Runs after every batch scoring run and when the jobs function asks.
 */
@ApplicationScoped
public class SegmentRefresh {

    private static final Logger LOG = Logger.getLogger(SegmentRefresh.class);

    /**
     * One refresh of a segment.
     *
     * @param modelVersions per use case the rule read: the model version and batch run its scores came from
     * @param trigger what asked for it ("on request", "after the churn batch run 12", "jobs")
     */
    public record Refresh(
            long id,
            Instant refreshedAt,
            int size,
            int entered,
            int left,
            JsonNode modelVersions,
            int millis,
            String trigger) {}

    /** What the jobs function's refresh did: the facts it built and each segment's refresh over them. */
    public record Everything(CustomerFacts.Build facts, List<Refresh> segments) {}

    private final Segments segments;
    private final CustomerFacts facts;
    private final AgroalDataSource db;
    private final ObjectMapper json;

    SegmentRefresh(Segments segments, CustomerFacts facts, AgroalDataSource db, ObjectMapper json) {
        this.segments = segments;
        this.facts = facts;
        this.db = db;
        this.json = json;
    }

    public Refresh refresh(long id, String trigger) {
        Segments.Segment segment = segments.require(id);
        Rule rule = segments.parse(segment.rule(), id);
        SegmentSql sql = SegmentSql.compile(rule);
        List<String> useCases = sql.useCases();
        Refresh done = QuarkusTransaction.requiringNew().call(() -> write(id, sql, useCases, trigger));
        LOG.infof(
                "segment %d (%s): %d members, %d entered, %d left in %d ms (%s)",
                id, segment.name(), done.size(), done.entered(), done.left(), done.millis(), trigger);
        return done;
    }

    /** Every segment refreshed; one that cannot be (its rule no longer checks) is logged and skipped. */
    public List<Refresh> refreshAll(String trigger) {
        List<Refresh> out = new ArrayList<>();
        for (Segments.Segment s : segments.list()) {
            try {
                out.add(refresh(s.id(), trigger));
            } catch (SegmentException e) {
                LOG.warnf("segment %d (%s) not refreshed: %s", s.id(), s.name(), e.getMessage());
            }
        }
        return out;
    }

    /** The customer facts rebuilt, then every segment refreshed over them (the jobs function's schedule). */
    public Everything rebuildAndRefreshAll(String trigger) {
        CustomerFacts.Build built = facts.build(trigger);
        return new Everything(built, refreshAll(trigger));
    }

    /**
     * New scores change who is in a segment: every segment is refreshed after each batch scoring run, over the facts
     * {@link CustomerFacts} rebuilt from it before the run answered.
     */
    void afterBatchRun(@ObservesAsync BatchRunFinished run) {
        refreshAll("after the " + run.useCase() + " batch run " + run.runId());
    }

    private Refresh write(long id, SegmentSql sql, List<String> useCases, String trigger) throws SQLException {
        long start = System.nanoTime();
        Instant at = Instant.now();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement lock = c.prepareStatement("SELECT id FROM segment WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, id); // one refresh of a segment at a time
                lock.executeQuery().close();
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE segment_now (customer_id text PRIMARY KEY) ON COMMIT DROP");
            }
            int size;
            try (PreparedStatement ps = Segments.prepare(c, "INSERT INTO segment_now " + sql.ids(), sql.params())) {
                size = ps.executeUpdate();
            }
            JsonNode versions = versions(useCases);
            long refreshId;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO segment_refresh (segment_id, refreshed_at,"
                    + " size, entered, left_count, model_versions, millis, trigger)"
                    + " VALUES (?, ?, ?, 0, 0, ?::jsonb, 0, ?) RETURNING id")) {
                ps.setLong(1, id);
                ps.setTimestamp(2, java.sql.Timestamp.from(at));
                ps.setInt(3, size);
                ps.setString(4, versions.toString());
                ps.setString(5, trigger);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    refreshId = rs.getLong(1);
                }
            }
            int entered = update(
                    c,
                    "INSERT INTO segment_change (refresh_id, customer_id, entered) SELECT ?, n.customer_id, true"
                            + " FROM segment_now n WHERE NOT EXISTS (SELECT 1 FROM segment_member m"
                            + " WHERE m.segment_id = ? AND m.customer_id = n.customer_id)",
                    refreshId,
                    id);
            int left = update(
                    c,
                    "INSERT INTO segment_change (refresh_id, customer_id, entered) SELECT ?, m.customer_id, false"
                            + " FROM segment_member m WHERE m.segment_id = ? AND NOT EXISTS (SELECT 1 FROM"
                            + " segment_now n WHERE n.customer_id = m.customer_id)",
                    refreshId,
                    id);
            if (left > 0) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM segment_member m WHERE m.segment_id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM segment_now n WHERE n.customer_id = m.customer_id)")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO segment_member (segment_id, customer_id, since)"
                    + " SELECT ?, n.customer_id, ? FROM segment_now n ON CONFLICT DO NOTHING")) {
                ps.setLong(1, id);
                ps.setTimestamp(2, java.sql.Timestamp.from(at));
                ps.executeUpdate();
            }
            int millis = (int) ((System.nanoTime() - start) / 1_000_000);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE segment_refresh SET entered = ?, left_count = ?, millis = ? WHERE id = ?")) {
                ps.setInt(1, entered);
                ps.setInt(2, left);
                ps.setInt(3, millis);
                ps.setLong(4, refreshId);
                ps.executeUpdate();
            }
            return new Refresh(refreshId, at, size, entered, left, versions, millis, trigger);
        }
    }

    /** The model versions and batch runs of the customer facts the rule read, for the use cases it names. */
    private JsonNode versions(List<String> useCases) {
        ObjectNode out = json.createObjectNode();
        if (useCases.isEmpty()) return out;
        JsonNode built = facts.latest().map(CustomerFacts.Build::modelVersions).orElse(null);
        for (String u : useCases) {
            JsonNode v = built == null ? null : built.get(u);
            if (v == null || v.isNull()) out.putNull(u); // no batch run yet: nobody has that score
            else out.set(u, v);
        }
        return out;
    }

    private static int update(Connection c, String sql, long a, long b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, a);
            ps.setLong(2, b);
            return ps.executeUpdate();
        }
    }

    /** The segment's refreshes, newest first: its size over time. */
    public List<Refresh> history(long id, int limit) {
        segments.require(id);
        String sql = "SELECT id, refreshed_at, size, entered, left_count, model_versions, millis, trigger"
                + " FROM segment_refresh WHERE segment_id = ? ORDER BY refreshed_at DESC, id DESC LIMIT ?";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setInt(2, limit);
            List<Refresh> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.add(new Refresh(
                            rs.getLong(1),
                            rs.getTimestamp(2).toInstant(),
                            rs.getInt(3),
                            rs.getInt(4),
                            rs.getInt(5),
                            json.readTree(rs.getString(6)),
                            rs.getInt(7),
                            rs.getString(8)));
            }
            return out;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read the history of segment " + id + ": " + e.getMessage(), e);
        }
    }

    /** Who entered (true) or left (false) at a refresh. */
    public record Change(String customerId, boolean entered) {}

    /** @param refreshId one of the segment's refreshes; null for its latest */
    public List<Change> changes(long id, Long refreshId, int limit) {
        segments.require(id);
        String sql = "SELECT customer_id, entered FROM segment_change WHERE refresh_id = (SELECT max(id) FROM"
                + " segment_refresh WHERE segment_id = ? AND (id = ? OR ?::bigint IS NULL))"
                + " ORDER BY entered DESC, customer_id LIMIT ?";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.setObject(2, refreshId, java.sql.Types.BIGINT);
            ps.setObject(3, refreshId, java.sql.Types.BIGINT);
            ps.setInt(4, limit);
            List<Change> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Change(rs.getString(1), rs.getBoolean(2)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the changes of segment " + id + ": " + e.getMessage(), e);
        }
    }
}
