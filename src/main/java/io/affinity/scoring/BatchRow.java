package io.affinity.scoring;

import io.affinity.models.UseCase;
import java.time.Instant;

/** The CSV lines of one batch run, in the column order of {@code customer_score} and {@code customer_ranking}. */
record BatchRow(long runId, UseCase useCase, Instant scoredAt) {

    static final String SCORES =
            "customer_score (run_id, customer_id, use_case, model_version, probability, band, scored_at)";
    static final String RANKINGS =
            "customer_ranking (run_id, customer_id, use_case, rank, item_id, score, method, scored_at, category)";

    void score(StringBuilder rows, String customerId, int version, float probability, String band) {
        rows.append(runId)
                .append(',')
                .append(csv(customerId))
                .append(',')
                .append(useCase.id())
                .append(',')
                .append(version)
                .append(',')
                .append(probability)
                .append(',')
                .append(band)
                .append(',')
                .append(scoredAt)
                .append('\n');
    }

    /** @param category the product's category (recommend), null when unknown or for a promotion */
    void ranking(
            StringBuilder rows,
            String customerId,
            int rank,
            String item,
            double score,
            String method,
            String category) {
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
                .append(',')
                .append(category == null ? "" : csv(category)) // an empty unquoted field is NULL in CSV COPY
                .append('\n');
    }

    private static String csv(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
