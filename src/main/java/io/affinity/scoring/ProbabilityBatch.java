package io.affinity.scoring;

import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerFeatures;
import io.affinity.features.FeaturePipeline;
import io.affinity.features.InputProfile;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;

/**
 * Churn and propensity: the whole page in one ONNX Runtime call, a probability and band per customer; on the way,
 * the scores' histogram and each input counted into its training bins, for the run's drift.
 */
final class ProbabilityBatch implements BatchWriter {

    private final ServingModel model;
    private final BatchRow row;
    private final ScoringService scoring;
    private final long[] histogram = new long[ScoredPopulation.BINS];
    private final InputProfile.Counts inputs;

    ProbabilityBatch(ServingModel model, BatchRow row, ScoringService scoring) {
        this.model = model;
        this.row = row;
        this.scoring = scoring;
        FeaturePipeline pipeline = model.card.preprocessing();
        this.inputs = pipeline == null || pipeline.profile() == null
                ? null
                : pipeline.profile().counts(pipeline);
    }

    @Override
    public ScoredPopulation.Measured measured() {
        return new ScoredPopulation.Measured(
                Arrays.stream(histogram).boxed().toList(), inputs == null ? List.of() : inputs.drift());
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
        for (int i = 0; i < page.size(); i++) {
            Object[] raw = CustomerFeatures.raw(page.get(i));
            model.features.transform(raw, x[i], 0);
            if (inputs != null) inputs.add(raw);
        }
        float[] p = model.session.score(x);
        int version = model.card.version();
        for (int i = 0; i < page.size(); i++) {
            row.score(rows, page.get(i).customerId(), version, p[i], scoring.band(p[i]));
            histogram[ScoredPopulation.bin(p[i])]++;
        }
        return new Written(page.size(), 0);
    }
}
