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
        StringBuilder sql = new StringBuilder("SELECT m.customer_id, m.since");
        StringBuilder joins = new StringBuilder();
        for (int i = 0; i < useCases.size(); i++) {
            sql.append(", s").append(i).append(".probability, s").append(i).append(".band");
            joins.append(" LEFT JOIN latest_score s")
                    .append(i)
                    .append(" ON s")
                    .append(i)
                    .append(".customer_id = m.customer_id AND s")
                    .append(i)
                    .append(".use_case = '")
                    .append(useCases.get(i))
                    .append('\''); // a use case's id from UseCase.ALL
        }
        sql.append(" FROM segment_member m").append(joins).append(" WHERE m.segment_id = ?");
        if (sortBy == null) sql.append(" AND m.customer_id > ? ORDER BY m.customer_id LIMIT ?");
        else
            sql.append(" ORDER BY s")
                    .append(useCases.indexOf(sortBy))
                    .append(".probability DESC NULLS LAST, m.customer_id OFFSET ? LIMIT ?");
        List<Member> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setLong(1, id);
            if (sortBy == null) ps.setString(2, after == null ? "" : after);
            else ps.setInt(2, offset);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Score> scores = new LinkedHashMap<>();
                    for (int i = 0; i < useCases.size(); i++) {
                        double p = rs.getDouble(3 + 2 * i);
                        scores.put(useCases.get(i), rs.wasNull() ? null : new Score(p, rs.getString(4 + 2 * i)));
                    }
                    out.add(new Member(rs.getString(1), rs.getTimestamp(2).toInstant(), scores, List.of()));
                }
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
