package io.affinity.scoring;

import io.affinity.features.Catalogue;
import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerAggregateService;
import io.affinity.features.PromotionStats;
import io.affinity.models.UseCase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Scores every customer with a use case's production model: pages of customer aggregates, batched ONNX Runtime
 * calls, each page written with COPY, the whole run in one transaction (all of it or nothing) and recorded in
 * {@code score_run}. What a page writes depends on the kind of use case ({@link BatchWriter}); runs append, so
 * scores keep their history ({@link ScoreHistory} reads it).
 */
@ApplicationScoped
public class BatchScoringService {

    private static final Logger LOG = Logger.getLogger(BatchScoringService.class);
    static final int PAGE = 2_000;

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

    /** What a whole run wrote. */
    private record Totals(int customers, long rows, int fallbacks) {}

    private final ModelSessions sessions;
    private final CustomerAggregateService aggregates;
    private final ScoringService scoring;
    private final Catalogue catalogue;
    private final PromotionStats promotions;
    private final ScoreRuns runs;
    private final AgroalDataSource db;
    private final Event<BatchRunFinished> finished;

    BatchScoringService(
            ModelSessions sessions,
            CustomerAggregateService aggregates,
            ScoringService scoring,
            Catalogue catalogue,
            PromotionStats promotions,
            ScoreRuns runs,
            AgroalDataSource db,
            Event<BatchRunFinished> finished) {
        this.sessions = sessions;
        this.aggregates = aggregates;
        this.scoring = scoring;
        this.catalogue = catalogue;
        this.promotions = promotions;
        this.runs = runs;
        this.db = db;
        this.finished = finished;
    }

    /** The latest finished run of a use case: its score distribution and input drift. */
    public Optional<ScoredPopulation> latestRun(UseCase useCase) {
        return runs.latest(useCase);
    }

    public RunSummary scoreAll(UseCase useCase) {
        return scoreAll(useCase, DEFAULT_K);
    }

    /** @param k for recommend and ctr: how many products or promotions to keep per customer */
    public RunSummary scoreAll(UseCase useCase, int k) {
        if (k < 1 || k > RecommendService.MAX_K)
            throw new ScoringException(400, "k must be in 1.." + RecommendService.MAX_K + ", was " + k);
        List<String> running =
                useCase instanceof UseCase.PromotionRanking ads ? promotions.running(ads.running()) : List.of();
        if (useCase instanceof UseCase.PromotionRanking && running.isEmpty())
            throw new ScoringException(409, "no promotion has been viewed: there are no ads to rank");
        return sessions.withModel(useCase, model -> run(useCase, model, k, running));
    }

    private RunSummary run(UseCase useCase, ServingModel model, int k, List<String> running) {
        long start = System.nanoTime();
        Instant scoredAt = Instant.now();
        long runId = QuarkusTransaction.requiringNew().call(() -> runs.start(useCase, model.card.version(), scoredAt));
        try {
            Map<String, PromotionStats.Counts> stats = running.isEmpty() ? Map.of() : promotions.asOf(scoredAt);
            BatchWriter writer = BatchWriter.of(useCase, model, k, runId, scoredAt, running, stats, catalogue, scoring);
            Totals totals = QuarkusTransaction.requiringNew().call(() -> writeAll(writer));
            int customers = totals.customers();
            long millis = (System.nanoTime() - start) / 1_000_000;
            QuarkusTransaction.requiringNew().run(() -> runs.finish(runId, "done", customers, null, writer.measured()));
            BatchRunFinished done = new BatchRunFinished(useCase.id(), runId, model.card.version());
            finished.fire(done); // what must see the scores before the caller does (the segments' customer facts)
            finished.fireAsync(done); // what may follow (the segments' refresh)
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
            QuarkusTransaction.requiringNew().run(() -> runs.finish(runId, "failed", 0, e.getMessage(), null));
            throw e;
        }
    }

    private Totals writeAll(BatchWriter writer) throws SQLException, IOException {
        int customers = 0, fallbacks = 0;
        long written = 0;
        try (Connection c = db.getConnection()) {
            var copyApi = c.unwrap(PGConnection.class).getCopyAPI();
            String copy = "COPY " + writer.target() + " FROM STDIN (FORMAT csv)";
            String after = null;
            while (true) {
                List<CustomerAggregate> page = aggregates.page(c, after, writer.pageSize());
                if (page.isEmpty()) break;
                StringBuilder rows = new StringBuilder(page.size() * 80);
                BatchWriter.Written w = writer.write(c, page, rows);
                copyApi.copyIn(copy, new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8)));
                customers += page.size();
                written += w.rows();
                fallbacks += w.fallbacks();
                after = page.get(page.size() - 1).customerId();
            }
        }
        return new Totals(customers, written, fallbacks);
    }
}
