package io.affinity.scoring;

import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerAggregateService;
import io.affinity.features.CustomerFeatures;
import io.affinity.features.PromotionStats;
import io.affinity.ingest.CustomerDeleted;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Scores every customer with a use case's production model: pages of customer aggregates, batched ONNX Runtime
 * calls, each page written with COPY, the whole run in one transaction (all of it or nothing) and recorded in
 * {@code score_run}. Churn and propensity append a probability and band per customer to {@code customer_score};
 * recommend and ctr append each customer's top K products or running promotions to {@code customer_ranking}.
 * Runs append, so scores keep their history.
 */
@ApplicationScoped
public class BatchScoringService {

    private static final Logger LOG = Logger.getLogger(BatchScoringService.class);
    static final int PAGE = 2_000;
    /** Rows of one ctr ONNX call: customers x running promotions. */
    static final int CTR_ROWS_PER_CALL = 20_000;
    /** Promotions viewed within this before the latest view are the ones ctr ranks. */
    static final Duration RUNNING = Duration.ofDays(30);

    public static final int DEFAULT_K = 10;

    /**
     * What a run did.
     *
     * @param rows rows written: one per customer for churn and propensity, up to K per customer for the rankings
     * @param fallbacks recommend: customers the model did not know, ranked by popularity
     */
    public record RunSummary(
            long runId,
            String useCase,
            int modelVersion,
            int customers,
            long rows,
            int fallbacks,
            long millis,
            double customersPerSecond) {}

    /** Rows written by one page, and how many of its customers had the popularity fallback. */
    private record Written(long rows, int fallbacks) {}

    /** What a whole run wrote. */
    private record Totals(int customers, long rows, int fallbacks) {}

    private final ModelSessions sessions;
    private final CustomerAggregateService aggregates;
    private final ScoringService scoring;
    private final Catalogue catalogue;
    private final PromotionStats promotions;
    private final AgroalDataSource db;

    BatchScoringService(
            ModelSessions sessions,
            CustomerAggregateService aggregates,
            ScoringService scoring,
            Catalogue catalogue,
            PromotionStats promotions,
            AgroalDataSource db) {
        this.sessions = sessions;
        this.aggregates = aggregates;
        this.scoring = scoring;
        this.catalogue = catalogue;
        this.promotions = promotions;
        this.db = db;
    }

    public RunSummary scoreAll(UseCase useCase) {
        return scoreAll(useCase, DEFAULT_K);
    }

    /** @param k for recommend and ctr: how many products or promotions to keep per customer */
    public RunSummary scoreAll(UseCase useCase, int k) {
        if (k < 1 || k > RecommendService.MAX_K)
            throw new ScoringException(400, "k must be in 1.." + RecommendService.MAX_K + ", was " + k);
        List<String> running = useCase == UseCase.CTR ? promotions.running(RUNNING) : List.of();
        if (useCase == UseCase.CTR && running.isEmpty())
            throw new ScoringException(409, "no promotion has been viewed: there are no ads to rank");
        return sessions.withModel(useCase, model -> run(useCase, model, k, running));
    }

    private RunSummary run(UseCase useCase, ServingModel model, int k, List<String> running) {
        long start = System.nanoTime();
        Instant scoredAt = Instant.now();
        long runId = QuarkusTransaction.requiringNew().call(() -> insertRun(useCase, model.card.version(), scoredAt));
        try {
            Totals totals =
                    QuarkusTransaction.requiringNew().call(() -> writeAll(runId, useCase, model, k, running, scoredAt));
            int customers = totals.customers();
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
                    totals.rows(),
                    totals.fallbacks(),
                    millis,
                    customers * 1000.0 / Math.max(1, millis));
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> finishRun(runId, "failed", 0, e.getMessage()));
            throw e;
        }
    }

    private Totals writeAll(
            long runId, UseCase useCase, ServingModel model, int k, List<String> running, Instant scoredAt)
            throws SQLException, IOException {
        int customers = 0, fallbacks = 0;
        long written = 0;
        int pageSize = useCase == UseCase.CTR ? Math.max(1, Math.min(PAGE, CTR_ROWS_PER_CALL / running.size())) : PAGE;
        Map<String, PromotionStats.Counts> stats = useCase == UseCase.CTR ? promotions.asOf(scoredAt) : Map.of();
        try (Connection c = db.getConnection()) {
            var copyApi = c.unwrap(PGConnection.class).getCopyAPI();
            String after = null;
            while (true) {
                List<CustomerAggregate> page = aggregates.page(c, after, pageSize);
                if (page.isEmpty()) break;
                StringBuilder rows = new StringBuilder(page.size() * 80);
                Written w = switch (useCase) {
                    case CHURN, PROPENSITY -> probabilities(page, useCase, model, runId, scoredAt, rows);
                    case RECOMMEND -> recommendations(c, page, model, k, runId, scoredAt, rows);
                    case CTR -> adRankings(page, model, k, running, stats, runId, scoredAt, rows);
                };
                String table = useCase == UseCase.CHURN || useCase == UseCase.PROPENSITY
                        ? "customer_score (run_id, customer_id, use_case, model_version, probability, band, scored_at)"
                        : "customer_ranking (run_id, customer_id, use_case, rank, item_id, score, method, scored_at)";
                copyApi.copyIn(
                        "COPY " + table + " FROM STDIN (FORMAT csv)",
                        new java.io.ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8)));
                customers += page.size();
                written += w.rows();
                fallbacks += w.fallbacks();
                after = page.get(page.size() - 1).customerId();
            }
        }
        return new Totals(customers, written, fallbacks);
    }

    /** Churn and propensity: the whole page in one ONNX Runtime call, a probability and band per customer. */
    private Written probabilities(
            List<CustomerAggregate> page,
            UseCase useCase,
            ServingModel model,
            long runId,
            Instant scoredAt,
            StringBuilder rows) {
        float[][] x = new float[page.size()][model.features.width()];
        for (int i = 0; i < page.size(); i++) model.features.transform(CustomerFeatures.raw(page.get(i)), x[i], 0);
        float[] p = model.session.score(x);
        String suffix = "," + useCase.id() + "," + model.card.version() + ",";
        for (int i = 0; i < page.size(); i++) {
            rows.append(runId)
                    .append(',')
                    .append(csv(page.get(i).customerId()))
                    .append(suffix)
                    .append(p[i])
                    .append(',')
                    .append(scoring.band(p[i]))
                    .append(',')
                    .append(scoredAt)
                    .append('\n');
        }
        return new Written(page.size(), 0);
    }

    /**
     * Recommend: every item scored for each known customer (one call each on the all-items graph), products
     * already bought left out; customers the model never saw get the most popular products.
     */
    private Written recommendations(
            Connection c,
            List<CustomerAggregate> page,
            ServingModel model,
            int k,
            long runId,
            Instant scoredAt,
            StringBuilder rows)
            throws SQLException {
        Recommender r = model.recommender;
        List<String> ids = page.stream().map(CustomerAggregate::customerId).toList();
        Map<String, Set<String>> bought = catalogue.bought(c, ids);
        Map<String, List<String>> recent = r.recent == 0 ? Map.of() : catalogue.recent(c, ids, r.recent);
        long written = 0;
        int fallbacks = 0;
        for (CustomerAggregate a : page) {
            Integer user = r.users.get(a.customerId());
            Set<String> own = bought.getOrDefault(a.customerId(), Set.of());
            List<Recommendations.Item> items = user == null
                    ? RecommendService.popular(r, k, null, null, own)
                    : RecommendService.ranked(
                            r, r.scoreAll(user, recent.getOrDefault(a.customerId(), List.of())), k, null, null, own);
            if (user == null) fallbacks++;
            String method = user == null ? "popularity" : model.card.algorithm();
            for (int rank = 0; rank < items.size(); rank++) {
                ranking(
                        rows,
                        runId,
                        a.customerId(),
                        UseCase.RECOMMEND,
                        rank + 1,
                        items.get(rank).productId(),
                        items.get(rank).score(),
                        method,
                        scoredAt);
            }
            written += items.size();
        }
        return new Written(written, fallbacks);
    }

    /** Ctr: every running promotion for each customer of the page, in one ONNX Runtime call; the best k kept. */
    private Written adRankings(
            List<CustomerAggregate> page,
            ServingModel model,
            int k,
            List<String> running,
            Map<String, PromotionStats.Counts> stats,
            long runId,
            Instant scoredAt,
            StringBuilder rows) {
        int ads = running.size(), width = model.features.width();
        float[][] x = new float[page.size() * ads][width];
        for (int i = 0; i < page.size(); i++) {
            Object[] customer = CustomerFeatures.raw(page.get(i));
            for (int j = 0; j < ads; j++) {
                String promotion = running.get(j);
                model.features.transform(
                        CustomerFeatures.adRaw(customer, stats.get(promotion), promotion), x[i * ads + j], 0);
            }
        }
        float[] p = model.session.score(x);
        int keep = Math.min(k, ads);
        Integer[] order = new Integer[ads];
        for (int i = 0; i < page.size(); i++) {
            int base = i * ads;
            for (int j = 0; j < ads; j++) order[j] = j;
            Arrays.sort(order, (a, b) -> Float.compare(p[base + b], p[base + a]));
            for (int rank = 0; rank < keep; rank++) {
                int j = order[rank];
                ranking(
                        rows,
                        runId,
                        page.get(i).customerId(),
                        UseCase.CTR,
                        rank + 1,
                        running.get(j),
                        p[base + j],
                        model.card.algorithm(),
                        scoredAt);
            }
        }
        return new Written((long) page.size() * keep, 0);
    }

    private static void ranking(
            StringBuilder rows,
            long runId,
            String customerId,
            UseCase useCase,
            int rank,
            String item,
            double score,
            String method,
            Instant scoredAt) {
        rows.append(runId)
                .append(',')
                .append(csv(customerId))
                .append(',')
                .append(useCase.id())
                .append(',')
                .append(rank)
                .append(',')
                .append(csv(item))
                .append(',')
                .append(score)
                .append(',')
                .append(csv(method))
                .append(',')
                .append(scoredAt)
                .append('\n');
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

    /** A customer's list from the newest batch run of recommend or ctr. */
    public record Ranking(
            String customerId, String useCase, long runId, int modelVersion, Instant scoredAt, List<Ranked> items) {}

    /** One entry of a ranking: a product (recommend) or promotion (ctr). */
    public record Ranked(int rank, String itemId, double score, String method) {}

    public Optional<Ranking> latestRanking(String customerId, UseCase useCase) {
        if (useCase != UseCase.RECOMMEND && useCase != UseCase.CTR)
            throw new ScoringException(400, "rankings are kept for recommend and ctr, not " + useCase);
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
}
