package io.affinity.scoring;

import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerFeatures;
import io.affinity.features.PromotionStats;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Ctr: every running promotion for each customer of the page, in one ONNX Runtime call; the best k kept. */
final class PromotionBatch implements BatchWriter {

    /** Rows of one ctr ONNX call: customers x running promotions. */
    static final int ROWS_PER_CALL = 20_000;

    private final ServingModel model;
    private final BatchRow row;
    private final int k;
    private final List<String> running;
    private final Map<String, PromotionStats.Counts> stats;

    PromotionBatch(
            ServingModel model, BatchRow row, int k, List<String> running, Map<String, PromotionStats.Counts> stats) {
        this.model = model;
        this.row = row;
        this.k = k;
        this.running = running;
        this.stats = stats;
    }

    @Override
    public String target() {
        return BatchRow.RANKINGS;
    }

    @Override
    public int pageSize() {
        return Math.max(1, Math.min(BatchScoringService.PAGE, ROWS_PER_CALL / running.size()));
    }

    @Override
    public Written write(Connection c, List<CustomerAggregate> page, StringBuilder rows) {
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
                row.ranking(
                        rows,
                        page.get(i).customerId(),
                        rank + 1,
                        running.get(j),
                        p[base + j],
                        model.card.algorithm(),
                        null);
            }
        }
        return new Written((long) page.size() * keep, 0);
    }
}
