package io.affinity.segments;

import io.affinity.models.ModelException;
import io.affinity.models.UseCase;
import io.affinity.scoring.CustomerScore;
import io.affinity.scoring.NoModelException;
import io.affinity.scoring.ScoringException;
import io.affinity.scoring.ScoringService;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A segment's members as of its latest refresh, a page at a time, each with the latest batch score and band of every
 * probability use case; sorted by one of those scores (highest first) the page also carries each member's top
 * reasons in words, from the use case's production model.
 */
@ApplicationScoped
public class SegmentMembers {

    /** A member's batch score of one use case; null when the latest run did not score them. */
    public record Score(Double probability, String band) {}

    /** A member, since when, their scores, and (sorted by a score) the reasons for it. */
    public record Member(String customerId, Instant since, Map<String, Score> scores, List<String> reasons) {}

    private final Segments segments;
    private final ScoringService scoring;
    private final AgroalDataSource db;

    SegmentMembers(Segments segments, ScoringService scoring, AgroalDataSource db) {
        this.segments = segments;
        this.scoring = scoring;
        this.db = db;
    }

    /**
     * @param sort null for id order (from {@code after}), or a probability field such as {@code churn.probability}
     * @param offset with {@code sort}: members skipped
     */
    public List<Member> page(long id, String sort, String after, int offset, int limit) {
        segments.require(id);
        List<String> useCases =
                UseCase.probabilities().stream().map(UseCase::id).toList();
        String sortBy = null;
        if (sort != null && !sort.isBlank()) {
            String asked = sort.strip();
            sortBy = useCases.stream()
                    .filter(u -> (u + ".probability").equals(asked))
                    .findFirst()
                    .orElseThrow(() -> new SegmentException(
                            400,
                            "sort: '" + asked + "' is not a score; use one of "
                                    + useCases.stream()
                                            .map(u -> u + ".probability")
                                            .toList()));
        }
        List<Member> out = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            List<String> ids = new ArrayList<>(limit);
            Map<String, Instant> since = new HashMap<>();
            if (sortBy == null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, since FROM segment_member"
                        + " WHERE segment_id = ? AND customer_id > ? ORDER BY customer_id LIMIT ?")) {
                    ps.setLong(1, id);
                    ps.setString(2, after == null ? "" : after);
                    ps.setInt(3, limit);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                            since.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                        }
                    }
                }
            } else {
                ids = byScore(c, id, sortBy, offset, limit);
                try (PreparedStatement ps = c.prepareStatement("SELECT customer_id, since FROM segment_member"
                        + " WHERE segment_id = ? AND customer_id = ANY (?)")) {
                    ps.setLong(1, id);
                    ps.setArray(2, c.createArrayOf("text", ids.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next())
                            since.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                    }
                }
            }
            Map<String, Map<String, Score>> scores = LatestScores.of(c, ids);
            for (String customer : ids) {
                Map<String, Score> mine = new LinkedHashMap<>();
                for (String u : useCases)
                    mine.put(u, scores.getOrDefault(customer, Map.of()).get(u));
                out.add(new Member(customer, since.get(customer), mine, List.of()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the members of segment " + id + ": " + e.getMessage(), e);
        }
        if (sortBy == null) return out;
        UseCase useCase = UseCase.of(sortBy);
        List<Member> explained = new ArrayList<>(out.size());
        for (Member m : out) explained.add(new Member(m.customerId(), m.since(), m.scores(), reasons(useCase, m)));
        return explained;
    }

    /**
     * The ids of a page of members by descending score: the latest run's scores walked from the top (on the run's
     * probability index) until a page of members is found, then, past the scored members, the unscored ones by id.
     */
    private static List<String> byScore(Connection c, long segment, String useCase, int offset, int limit)
            throws SQLException {
        Long run = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id FROM latest_score_run WHERE use_case = ?")) {
            ps.setString(1, useCase);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) run = rs.getLong(1);
            }
        }
        List<String> ids = new ArrayList<>(limit);
        if (run != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT s.customer_id FROM latest_score s"
                            + " WHERE s.run_id = ? AND EXISTS (SELECT 1 FROM segment_member m WHERE m.segment_id = ?"
                            + " AND m.customer_id = s.customer_id) ORDER BY s.probability DESC, s.customer_id OFFSET ? LIMIT ?")) {
                ps.setLong(1, run);
                ps.setLong(2, segment);
                ps.setInt(3, offset);
                ps.setInt(4, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
            }
        }
        if (ids.size() == limit) return ids;
        // Past the last scored member: how many were scored decides where the unscored ones start.
        long scored = 0;
        if (run != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM segment_member m WHERE m.segment_id = ?"
                            + " AND EXISTS (SELECT 1 FROM latest_score s WHERE s.run_id = ? AND s.customer_id = m.customer_id)")) {
                ps.setLong(1, segment);
                ps.setLong(2, run);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    scored = rs.getLong(1);
                }
            }
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT m.customer_id FROM segment_member m WHERE m.segment_id = ?"
                        + " AND NOT EXISTS (SELECT 1 FROM latest_score s WHERE s.run_id = ? AND s.customer_id = m.customer_id)"
                        + " ORDER BY m.customer_id OFFSET ? LIMIT ?")) {
            ps.setLong(1, segment);
            ps.setLong(2, run == null ? -1 : run);
            ps.setLong(3, Math.max(0, offset + ids.size() - scored));
            ps.setInt(4, limit - ids.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** The top reasons in words; none when the customer or the model is gone since the refresh. */
    private List<String> reasons(UseCase useCase, Member m) {
        try {
            return scoring.score(useCase, m.customerId(), true).reasons().stream()
                    .map(CustomerScore.Reason::text)
                    .toList();
        } catch (NoModelException | ModelException | ScoringException e) {
            return List.of();
        }
    }
}
