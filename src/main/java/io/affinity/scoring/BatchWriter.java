package io.affinity.scoring;

import io.affinity.features.Catalogue;
import io.affinity.features.CustomerAggregate;
import io.affinity.features.PromotionStats;
import io.affinity.models.UseCase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a batch run writes for one page of customers, by the kind of its use case: the rows as CSV for one COPY into
 * {@link #target()}. One writer per run, made by {@link #of}, the one place batch scoring dispatches on the kind.
 */
interface BatchWriter {

    /** Rows written by one page, and how many of its customers had the popularity fallback. */
    record Written(long rows, int fallbacks) {}

    /** The COPY target: table and columns in the order of the rows. */
    String target();

    /** Customers per page. */
    int pageSize();

    Written write(Connection c, List<CustomerAggregate> page, StringBuilder rows) throws SQLException;

    /** What the pages written so far measured (score distribution, input drift); null for kinds that measure none. */
    default ScoredPopulation.Measured measured() {
        return null;
    }

    /**
     * @param running ctr: the promotions ranked, with their counts as of the run's start
     */
    static BatchWriter of(
            UseCase useCase,
            ServingModel model,
            int k,
            long runId,
            Instant scoredAt,
            List<String> running,
            Map<String, PromotionStats.Counts> stats,
            Catalogue catalogue,
            ScoringService scoring) {
        BatchRow row = new BatchRow(runId, useCase, scoredAt);
        if (useCase instanceof UseCase.Probability) return new ProbabilityBatch(model, row, scoring);
        if (useCase instanceof UseCase.PromotionRanking) return new PromotionBatch(model, row, k, running, stats);
        if (useCase instanceof UseCase.ItemRanking) return new ItemBatch(model, row, k, catalogue);
        throw new IllegalStateException("no batch writer for " + useCase);
    }
}
