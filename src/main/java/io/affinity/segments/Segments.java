package io.affinity.segments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ingest.CustomerDeleted;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Segments: saved rules over customers (table {@code segment}), checked when saved, counted and sampled live, and
 * materialised by {@link SegmentRefresh}. Owns the tables segment, segment_member, segment_refresh and
 * segment_change.
 */
@ApplicationScoped
public class Segments {

    public static final int SAMPLE = 20;

    /** A saved segment, with its latest refresh when there was one. */
    public record Segment(
            long id,
            String name,
            String description,
            JsonNode rule,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            SegmentRefresh.Refresh latest) {}

    /**
     * What a rule matches now: how many customers, a few of them, how long the count took.
     *
     * @param factsBuiltAt when the customer facts it counted were built (their behaviour, scores and traits)
     */
    public record Preview(long count, List<String> sample, long millis, Instant factsBuiltAt) {}

    /** A segment as created or changed over the API or in the builder. */
    public record Draft(String name, String description, JsonNode rule) {}

    private final AgroalDataSource db;
    private final ObjectMapper json;
    private final CustomerFacts facts;

    Segments(AgroalDataSource db, ObjectMapper json, CustomerFacts facts) {
        this.facts = facts;
        this.db = db;
        this.json = json;
    }

    /** The rule checked and resolved (references to other segments included); {@code self} may not be referred to. */
    Rule parse(JsonNode rule, Long self) {
        return RuleParser.parse(rule, self, id -> find(id).map(Segment::rule));
    }

    public Preview preview(JsonNode rule) {
        SegmentSql sql = SegmentSql.compile(parse(rule, null));
        long start = System.nanoTime();
        try (Connection c = db.getConnection()) {
            long count;
            try (PreparedStatement ps = prepare(c, sql.count(), sql.params());
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
            }
            List<String> sample = new ArrayList<>();
            // The first members the scan meets, not the first by id: sorting every member for a sample is a second
            // full scan; this stops after a few pages for any rule that is not rare.
            try (PreparedStatement ps = prepare(c, sql.ids() + " LIMIT " + SAMPLE, sql.params());
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) sample.add(rs.getString(1));
            }
            Collections.sort(sample);
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Preview(
                    count,
                    sample,
                    millis,
                    facts.latest().map(CustomerFacts.Build::builtAt).orElse(null));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the segment: " + e.getMessage(), e);
        }
    }

    public Segment create(Draft draft, String by) {
        String name = name(draft);
        parse(draft.rule(), null);
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO segment (name, description, rule, created_by) VALUES (?, ?, ?::jsonb, ?)"
                                + " ON CONFLICT (name) DO NOTHING RETURNING id")) {
            ps.setString(1, name);
            ps.setString(2, draft.description());
            ps.setString(3, json.writeValueAsString(draft.rule()));
            ps.setString(4, by);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw taken(name);
                return find(rs.getLong(1)).orElseThrow();
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot save the segment: " + e.getMessage(), e);
        }
    }

    public Segment update(long id, Draft draft) {
        String name = name(draft);
        require(id);
        parse(draft.rule(), id);
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE segment SET name = ?, description = ?,"
                        + " rule = ?::jsonb, updated_at = now() WHERE id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM segment o WHERE o.name = ? AND o.id <> ?)")) {
            ps.setString(1, name);
            ps.setString(2, draft.description());
            ps.setString(3, json.writeValueAsString(draft.rule()));
            ps.setLong(4, id);
            ps.setString(5, name);
            ps.setLong(6, id);
            if (ps.executeUpdate() == 0) throw taken(name);
            return find(id).orElseThrow();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot save segment " + id + ": " + e.getMessage(), e);
        }
    }

    /** Removes a segment with its members and history; refused while another segment's rule refers to it. */
    public void delete(long id) {
        require(id);
        List<String> users = new ArrayList<>();
        for (Segment s : list()) {
            if (s.id() != id && refersTo(s.rule(), id)) users.add(s.name() + " (" + s.id() + ")");
        }
        if (!users.isEmpty())
            throw new SegmentException(409, "segment " + id + " is used by the rules of " + String.join(", ", users));
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM segment WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete segment " + id + ": " + e.getMessage(), e);
        }
    }

    private static boolean refersTo(JsonNode rule, long id) {
        if (rule == null) return false;
        if (rule.isObject() && rule.has("inSegment") && rule.get("inSegment").asLong() == id) return true;
        for (JsonNode child : rule) if (refersTo(child, id)) return true;
        return false;
    }

    public List<Segment> list() {
        return query("ORDER BY s.name", null);
    }

    public Optional<Segment> find(long id) {
        return query("AND s.id = ?", id).stream().findFirst();
    }

    public Segment require(long id) {
        return find(id).orElseThrow(() -> new SegmentException(404, "there is no segment " + id));
    }

    private List<Segment> query(String tail, Long id) {
        String sql = "SELECT s.id, s.name, s.description, s.rule, s.created_by, s.created_at, s.updated_at,"
                + " r.refreshed_at, r.size, r.entered, r.left_count, r.model_versions, r.millis, r.trigger, r.id"
                + " FROM segment s LEFT JOIN LATERAL (SELECT * FROM segment_refresh x WHERE x.segment_id = s.id"
                + " ORDER BY x.refreshed_at DESC, x.id DESC LIMIT 1) r ON true WHERE true " + tail;
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) ps.setLong(1, id);
            List<Segment> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(8);
                    SegmentRefresh.Refresh latest = at == null
                            ? null
                            : new SegmentRefresh.Refresh(
                                    rs.getLong(15),
                                    at.toInstant(),
                                    rs.getInt(9),
                                    rs.getInt(10),
                                    rs.getInt(11),
                                    json.readTree(rs.getString(12)),
                                    rs.getInt(13),
                                    rs.getString(14));
                    out.add(new Segment(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            json.readTree(rs.getString(4)),
                            rs.getString(5),
                            rs.getTimestamp(6).toInstant(),
                            rs.getTimestamp(7).toInstant(),
                            latest));
                }
            }
            return out;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read the segments: " + e.getMessage(), e);
        }
    }

    private static String name(Draft draft) {
        if (draft == null) throw new SegmentException(400, "a JSON body with name and rule is required");
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty()) throw new SegmentException(400, "name: a segment needs a name");
        if (name.length() > 200) throw new SegmentException(400, "name: at most 200 characters");
        return name;
    }

    private static SegmentException taken(String name) {
        return new SegmentException(409, "name: a segment named '" + name + "' already exists");
    }

    static PreparedStatement prepare(Connection c, String sql, List<Object> params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof String[] values) ps.setArray(i + 1, c.createArrayOf("text", values));
            else ps.setObject(i + 1, p);
        }
        return ps;
    }

    /** A customer's place in a segment, as of its latest refresh. */
    public record Membership(long segmentId, String name, Instant since) {}

    /** The segments a customer is in as of their latest refreshes, by name. */
    public List<Membership> of(String customerId) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT s.id, s.name, m.since FROM segment_member m"
                        + " JOIN segment s ON s.id = m.segment_id WHERE m.customer_id = ? ORDER BY s.name")) {
            ps.setString(1, customerId);
            List<Membership> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.add(new Membership(
                            rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the segments of a customer: " + e.getMessage(), e);
        }
    }

    /** Erasing a customer removes them from every segment's members and history, and from the customer facts. */
    void onCustomerDeleted(@Observes CustomerDeleted deleted) {
        try (Connection c = db.getConnection();
                PreparedStatement members =
                        c.prepareStatement("DELETE FROM segment_member WHERE customer_id = ANY (?)");
                PreparedStatement changes =
                        c.prepareStatement("DELETE FROM segment_change WHERE customer_id = ANY (?)")) {
            var ids = c.createArrayOf("text", deleted.identities().toArray());
            members.setArray(1, ids);
            members.executeUpdate();
            changes.setArray(1, ids);
            changes.executeUpdate();
            CustomerFacts.erase(c, ids);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot remove " + deleted.customerId() + " from the segments: " + e.getMessage(), e);
        }
    }
}
