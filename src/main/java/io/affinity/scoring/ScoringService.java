package io.affinity.scoring;

import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerAggregateService;
import io.affinity.features.CustomerFeatures;
import io.affinity.features.FeaturePipeline;
import io.affinity.features.NumericFeature;
import io.affinity.models.ModelException;
import io.affinity.models.UseCase;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Propensity and churn scores of a customer from the production model, with a band and the reasons: each numeric
 * input is set back to its typical (training median) value and the model scores those variants in the same ONNX
 * Runtime call; the inputs whose change moves the score most are the reasons.
 */
@ApplicationScoped
public class ScoringService {

    private final ModelSessions sessions;
    private final CustomerAggregateService aggregates;
    private final ScoringConfig config;

    ScoringService(ModelSessions sessions, CustomerAggregateService aggregates, ScoringConfig config) {
        this.sessions = sessions;
        this.aggregates = aggregates;
        this.config = config;
    }

    public CustomerScore score(UseCase useCase, String customerId) {
        if (useCase != UseCase.CHURN && useCase != UseCase.PROPENSITY)
            throw new ScoringException(
                    400,
                    useCase
                            + " ranks items for a customer: use GET /api/customers/{id}/recommendations or POST /api/ctr; score churn or propensity here");
        if (customerId == null || customerId.isBlank()) throw new ScoringException(400, "'customerId' is required");
        CustomerAggregate aggregate = aggregates
                .find(customerId)
                .orElseThrow(() ->
                        new ScoringException(404, "no customer '" + customerId + "' (or no events of theirs yet)"));
        Object[] raw = CustomerFeatures.raw(aggregate);
        return sessions.withModel(useCase, model -> score(useCase, customerId, aggregate, raw, model));
    }

    private CustomerScore score(
            UseCase useCase, String customerId, CustomerAggregate aggregate, Object[] raw, ServingModel model) {
        FeaturePipeline pipeline = model.card.preprocessing();
        if (pipeline == null || !pipeline.inputNames().equals(CustomerFeatures.names()))
            throw new ModelException(useCase + " v" + model.card.version() + " does not take the customer features "
                    + CustomerFeatures.names());
        List<NumericFeature> numeric = pipeline.numeric();
        int rows = 1 + numeric.size(), width = pipeline.width();
        FloatBuffer input = ByteBuffer.allocateDirect(rows * width * 4)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        float[] vector = new float[width];
        model.features.transform(raw, vector, 0);
        input.put(vector);
        for (int i = 0; i < numeric.size(); i++) {
            Object[] typical = raw.clone();
            typical[i] = numeric.get(i).fill();
            model.features.transform(typical, vector, 0);
            input.put(vector);
        }
        input.rewind();
        float[] scores = model.session.score(input, rows, width);
        double p = scores[0];
        List<CustomerScore.Reason> reasons = new ArrayList<>();
        for (int i = 0; i < numeric.size(); i++) {
            double effect = p - scores[i + 1];
            if (effect == 0) continue;
            NumericFeature f = numeric.get(i);
            String description = CustomerFeatures.DESCRIPTIONS.getOrDefault(f.name(), f.name());
            double value = (Double) raw[i];
            String text = String.format(
                    "%s: %s (typical %s) %s the %s score by %.2f",
                    description,
                    number(value),
                    number(f.fill()),
                    effect > 0 ? "raises" : "lowers",
                    useCase,
                    Math.abs(effect));
            reasons.add(new CustomerScore.Reason(f.name(), description, value, f.fill(), effect, text));
        }
        reasons.sort(Comparator.comparingDouble((CustomerScore.Reason r) -> Math.abs(r.effect()))
                .reversed());
        return new CustomerScore(
                useCase.id(),
                customerId,
                p,
                band(p),
                List.copyOf(reasons.subList(0, Math.min(config.reasons(), reasons.size()))),
                model.card.version(),
                model.card.algorithm(),
                aggregate.asOf());
    }

    String band(double p) {
        return p >= config.bandHigh() ? "high" : p >= config.bandMedium() ? "medium" : "low";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format("%.1f", v);
    }
}
