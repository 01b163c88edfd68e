package io.affinity.scoring;

import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerFeatures;
import java.sql.Connection;
import java.util.List;

/** Churn and propensity: the whole page in one ONNX Runtime call, a probability and band per customer. */
final class ProbabilityBatch implements BatchWriter {

    private final ServingModel model;
    private final BatchRow row;
    private final ScoringService scoring;

    ProbabilityBatch(ServingModel model, BatchRow row, ScoringService scoring) {
        this.model = model;
        this.row = row;
        this.scoring = scoring;
    }

    @Override
    public String target() {
        return BatchRow.SCORES;
    }

    @Override
    public int pageSize() {
        return BatchScoringService.PAGE;
    }

    @Override
    public Written write(Connection c, List<CustomerAggregate> page, StringBuilder rows) {
        float[][] x = new float[page.size()][model.features.width()];
        for (int i = 0; i < page.size(); i++) model.features.transform(CustomerFeatures.raw(page.get(i)), x[i], 0);
        float[] p = model.session.score(x);
        int version = model.card.version();
        for (int i = 0; i < page.size(); i++)
            row.score(rows, page.get(i).customerId(), version, p[i], scoring.band(p[i]));
        return new Written(page.size(), 0);
    }
}
