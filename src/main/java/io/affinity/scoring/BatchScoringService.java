package io.affinity.scoring;

import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerAggregateService;
import io.affinity.features.CustomerFeatures;
import io.affinity.ingest.CustomerDeleted;
import io.affinity.models.ModelException;
import io.affinity.models.UseCase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Scores every customer for churn or propensity with the production model: pages of customer aggregates, one ONNX
 * Runtime call per page, each page written with COPY, the whole run in one transaction (all of it or nothing) and
 * recorded in {@code score_run}. Runs append to {@code customer_score}, so scores keep their history.
 */
@ApplicationScoped
public class BatchScoringService {

    private static final Logger LOG = Logger.getLogger(BatchScoringService.class);
    static final int PAGE = 2_000;

    /** What a run did. */
    public record RunSummary(
            long runId, String useCase, int modelVersion, int customers, long millis, double customersPerSecond) {}

    private final ModelSessions sessions;
    private final CustomerAggregateService aggregates;
    private final ScoringService scoring;
    private final AgroalDataSource db;

    BatchScoringService(
            ModelSessions sessions, CustomerAggregateService aggregates, ScoringService scoring, AgroalDataSource db) {
        this.sessions = sessions;
        this.aggregates = aggregates;
        this.scoring = scoring;
        this.db = db;
    }

    public RunSummary scoreAll(UseCase useCase) {
        if (useCase != UseCase.CHURN && useCase != UseCase.PROPENSITY)
            throw new ScoringException(400, "batch scoring covers churn and propensity, not " + useCase);
        return sessions.withModel(useCase, model -> run(useCase, model));
    }

    private RunSummary run(UseCase useCase, ServingModel model) {
        if (model.features == null || !model.card.preprocessing().inputNames().equals(CustomerFeatures.names()))
            throw new ModelException(useCase + " v" + model.card.version() + " does not take the customer features");
        long start = System.nanoTime();
        Instant scoredAt = Instant.now();
        long runId = QuarkusTransaction.requiringNew().call(() -> insertRun(useCase, model.card.version(), scoredAt));
        try {
            int customers = QuarkusTransaction.requiringNew().call(() -> writeScores(runId, useCase, model, scoredAt));
            long millis = (System.nanoTime() - start) / 1_000_000;
            QuarkusTransaction.requiringNew().run(() -> finishRun(runId, "done", customers, null));
            LOG.infof(
                    "%s batch run %d: %d customers scored by v%d in %d ms",
                    useCase, runId, customers, model.card.version(), millis);
            return new RunSummary(
                    runId,
                    useCase.id(),
                    model.card.version(),
                    customers,
                    millis,
                    customers * 1000.0 / Math.max(1, millis));
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> finishRun(runId, "failed", 0, e.getMessage()));
            throw e;
        }
    }

    private int writeScores(long runId, UseCase useCase, ServingModel model, Instant scoredAt)
            throws SQLException, IOException {
        String copy = "COPY customer_score (run_id, customer_id, use_case, model_version, probability, band, scored_at)"
                + " FROM STDIN (FORMAT csv)";
        String prefix = runId + ",";
        String suffix = "," + useCase.id() + "," + model.card.version() + ",";
        String at = scoredAt.toString();
        int width = model.card.preprocessing().width();
        int total = 0;
        try (Connection c = db.getConnection()) {
            var copyApi = c.unwrap(PGConnection.class).getCopyAPI();
            String after = null;
            while (true) {
                List<CustomerAggregate> page = aggregates.page(c, after, PAGE);
                if (page.isEmpty()) break;
                float[][] x = new float[page.size()][width];
                for (int i = 0; i < page.size(); i++)
                    model.features.transform(CustomerFeatures.raw(page.get(i)), x[i], 0);
                float[] p = model.session.score(x);
                StringBuilder rows = new StringBuilder(page.size() * 80);
                for (int i = 0; i < page.size(); i++) {
                    rows.append(prefix)
                            .append(csv(page.get(i).customerId()))
                            .append(suffix)
                            .append(p[i])
                            .append(',')
                            .append(scoring.band(p[i]))
                            .append(',')
                            .append(at)
                            .append('\n');
                }
                copyApi.copyIn(
                        copy, new java.io.ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8)));
                total += page.size();
                after = page.get(page.size() - 1).customerId();
            }
        }
        return total;
    }

    private static String csv(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private long insertRun(UseCase useCase, int version, Instant startedAt) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO score_run (use_case, model_version, status, started_at)"
                                + " VALUES (?, ?, 'running', ?) RETURNING id")) {
            ps.setString(1, useCase.id());
            ps.setInt(2, version);
            ps.setTimestamp(3, Timestamp.from(startedAt));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void finishRun(long runId, String status, int customers, String error) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE score_run SET status = ?, customers = ?, finished_at = now(), error = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setInt(2, customers);
            ps.setString(3, error);
            ps.setLong(4, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record score run " + runId + ": " + e.getMessage(), e);
        }
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

    /** Deleting a customer removes their scores with the rest of their data. */
    void onCustomerDeleted(@Observes CustomerDeleted deleted) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM customer_score WHERE customer_id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", deleted.identities().toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot delete the scores of " + deleted.customerId() + ": " + e.getMessage(), e);
        }
    }
}
