package io.affinity.scoring;

import io.affinity.ingest.CustomerDeleted;
import io.affinity.models.UseCase;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What batch runs wrote, as read back: a customer's score history and latest ranking. The read side of
 * {@code customer_score} and {@code customer_ranking} (written by {@link BatchScoringService}); erasing a customer
 * removes their rows here.
 */
@ApplicationScoped
public class ScoreHistory {

    private final AgroalDataSource db;

    ScoreHistory(AgroalDataSource db) {
        this.db = db;
    }

    /** A customer's scores over time, newest first. */
    public record HistoryPoint(Instant scoredAt, double probability, String band, int modelVersion) {}

    public List<HistoryPoint> history(String customerId, UseCase useCase, int limit) {
        String sql = "SELECT scored_at, probability, band, model_version FROM customer_score"
                + " WHERE customer_id = ? AND use_case = ? ORDER BY scored_at DESC LIMIT ?";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, customerId);
            ps.setString(2, useCase.id());
            ps.setInt(3, limit);
            List<HistoryPoint> out = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    out.add(new HistoryPoint(
                            rs.getTimestamp(1).toInstant(), rs.getDouble(2), rs.getString(3), rs.getInt(4)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot read the score history of " + customerId + ": " + e.getMessage(), e);
        }
    }

    /** A customer's list from the newest batch run of recommend or ctr. */
    public record Ranking(
            String customerId, String useCase, long runId, int modelVersion, Instant scoredAt, List<Ranked> items) {}

    /** One entry of a ranking: a product (recommend) or promotion (ctr). */
    public record Ranked(int rank, String itemId, double score, String method) {}

    public Optional<Ranking> latestRanking(String customerId, UseCase useCase) {
        if (useCase instanceof UseCase.Probability)
            throw new ScoringException(
                    400, "rankings are kept for " + String.join(" and ", rankings()) + ", not " + useCase);
        String sql = "SELECT r.run_id, s.model_version, r.scored_at, r.rank, r.item_id, r.score, r.method"
                + " FROM customer_ranking r JOIN score_run s ON s.id = r.run_id"
                + " WHERE r.customer_id = ? AND r.use_case = ? AND r.run_id = (SELECT max(run_id) FROM customer_ranking"
                + " WHERE customer_id = ? AND use_case = ?) ORDER BY r.rank";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, customerId);
            ps.setString(2, useCase.id());
            ps.setString(3, customerId);
            ps.setString(4, useCase.id());
            List<Ranked> items = new java.util.ArrayList<>();
            long run = 0;
            int version = 0;
            Instant at = null;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    run = rs.getLong(1);
                    version = rs.getInt(2);
                    at = rs.getTimestamp(3).toInstant();
                    items.add(new Ranked(rs.getInt(4), rs.getString(5), rs.getDouble(6), rs.getString(7)));
                }
            }
            return items.isEmpty()
                    ? Optional.empty()
                    : Optional.of(new Ranking(customerId, useCase.id(), run, version, at, items));
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot read the " + useCase + " ranking of " + customerId + ": " + e.getMessage(), e);
        }
    }

    /** Deleting a customer removes their scores and rankings with the rest of their data. */
    void onCustomerDeleted(@Observes CustomerDeleted deleted) {
        try (Connection c = db.getConnection();
                PreparedStatement scores =
                        c.prepareStatement("DELETE FROM customer_score WHERE customer_id = ANY (?)");
                PreparedStatement rankings =
                        c.prepareStatement("DELETE FROM customer_ranking WHERE customer_id = ANY (?)")) {
            var ids = c.createArrayOf("text", deleted.identities().toArray());
            scores.setArray(1, ids);
            scores.executeUpdate();
            rankings.setArray(1, ids);
            rankings.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot delete the scores of " + deleted.customerId() + ": " + e.getMessage(), e);
        }
    }

    /** The use cases whose batch runs write rankings. */
    static List<String> rankings() {
        return UseCase.ALL.stream()
                .filter(u -> !(u instanceof UseCase.Probability))
                .map(UseCase::id)
                .toList();
    }
}
