package io.affinity.scoring;

import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerAggregateService;
import io.affinity.features.CustomerFeatures;
import io.affinity.features.NumericFeature;
import io.affinity.models.OnnxModel;
import io.affinity.models.UseCase;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Propensity and churn scores of a customer from the production model, with a band and the reasons: each numeric
 * input is set back to its typical (training median) value and the model scores those variants in the same ONNX
 * Runtime call; the inputs whose change moves the score most are the reasons.
 */
@ApplicationScoped
public class ScoringService {

    private final ThreadLocal<OnnxModel.Input[]> inputs = ThreadLocal.withInitial(() -> new OnnxModel.Input[2]);
    /** Every thread's input tensors, closed when the application stops. */
    private final java.util.Set<OnnxModel.Input> made = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final ModelSessions sessions;
    private final CustomerAggregateService aggregates;
    private final ScoringConfig config;

    private final ErasedCustomers erased;

    ScoringService(
            ModelSessions sessions, CustomerAggregateService aggregates, ScoringConfig config, ErasedCustomers erased) {
        this.sessions = sessions;
        this.aggregates = aggregates;
        this.config = config;
        this.erased = erased;
    }

    /** A score as asked over HTTP or by the score function: which use case, whose, with or without reasons. */
    public CustomerScore score(ScoreRequest request) {
        if (request == null || request.useCase() == null)
            throw new ScoringException(400, "a JSON body with 'useCase' and 'customerId' is required");
        return score(UseCase.of(request.useCase()), request.customerId(), request.explain());
    }

    public CustomerScore score(UseCase useCase, String customerId) {
        return score(useCase, customerId, true);
    }

    /** @param reasons false when only the probability and band are wanted (one model row instead of 19) */
    public CustomerScore score(UseCase useCase, String customerId, boolean reasons) {
        if (!(useCase instanceof UseCase.Probability))
            throw new ScoringException(
                    400,
                    useCase + " ranks items for a customer: use " + useCase.servedBy() + "; score "
                            + String.join(
                                    " or ",
                                    UseCase.probabilities().stream()
                                            .map(UseCase::id)
                                            .toList()) + " here");
        if (customerId == null || customerId.isBlank()) throw new ScoringException(400, "'customerId' is required");
        CustomerAggregate aggregate = aggregates.find(customerId).orElseThrow(() -> erased.notFound(customerId));
        return score(useCase, aggregate, reasons);
    }

    /** Scores aggregates already at hand (the request path above reads them from PostgreSQL first). */
    public CustomerScore score(UseCase useCase, CustomerAggregate aggregate, boolean reasons) {
        Object[] raw = CustomerFeatures.raw(aggregate);
        return sessions.withModel(useCase, model -> score(useCase, aggregate, raw, reasons, model));
    }

    private CustomerScore score(
            UseCase useCase, CustomerAggregate aggregate, Object[] raw, boolean explain, ServingModel model) {
        List<NumericFeature> numeric = model.card.preprocessing().numeric();
        int rows = explain ? 1 + numeric.size() : 1, width = model.features.width();
        OnnxModel.Input input = input(rows, width);
        FloatBuffer buffer = input.buffer.clear();
        float[] vector = new float[width], variant = new float[width];
        model.features.transform(raw, vector, 0);
        buffer.put(vector);
        for (int i = 0; i < rows - 1; i++) {
            model.features.replaceNumeric(vector, i, numeric.get(i).fill(), variant, 0);
            buffer.put(variant);
        }
        float[] scores = model.session.score(input.tensor, rows);
        double p = scores[0];
        // The inputs whose typical value moves the score most; only those few are put into words.
        Integer[] order = new Integer[rows - 1];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -Math.abs(p - scores[i + 1])));
        List<CustomerScore.Reason> reasons = new ArrayList<>(config.reasons());
        List<String> families = new ArrayList<>(config.reasons());
        for (int k = 0; k < order.length && reasons.size() < config.reasons(); k++) {
            int i = order[k];
            double effect = p - scores[i + 1];
            if (effect == 0) break;
            NumericFeature f = numeric.get(i);
            // The same measure over another window says nothing new: the strongest of a family is enough.
            String family = CustomerFeatures.family(f.name());
            if (families.contains(family)) continue;
            families.add(family);
            reasons.add(reason(useCase, f, (Double) raw[i], effect));
        }
        return new CustomerScore(
                useCase.id(),
                aggregate.customerId(),
                p,
                band(p),
                List.copyOf(reasons),
                model.card.version(),
                model.card.algorithm(),
                aggregate.asOf());
    }

    /**
     * One reason, for people: flags as yes or no, numbers rounded (whole, or one decimal), the figures in the answer
     * rounded to two decimals so that a float's noise ({@code 1706.8899999999999}) never shows. Built by hand:
     * String.format would cost more than the model call.
     */
    static CustomerScore.Reason reason(UseCase useCase, NumericFeature f, double value, double effect) {
        String description = CustomerFeatures.DESCRIPTIONS.getOrDefault(f.name(), f.name());
        boolean flag = CustomerFeatures.FLAGS.contains(f.name());
        String shown = flag ? yesNo(value) : number(value), typical = flag ? yesNo(f.fill()) : number(f.fill());
        String text = description + ": " + shown + " (typical " + typical + ") "
                + (effect > 0 ? "raises" : "lowers") + " the " + useCase + " score by "
                + decimals(Math.abs(effect), 2);
        return new CustomerScore.Reason(
                f.name(), description, round2(value), round2(f.fill()), Math.round(effect * 1e4) / 1e4, text);
    }

    private static String yesNo(double v) {
        return v >= 0.5 ? "yes" : "no";
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * This thread's input tensor of that shape, made once and refilled for each call (one with reasons, one without;
     * remade when a model of another width comes in). A tensor per call would cost a sixth of a linear model's call.
     */
    private OnnxModel.Input input(int rows, int width) {
        OnnxModel.Input[] mine = inputs.get();
        int slot = rows == 1 ? 0 : 1;
        OnnxModel.Input in = mine[slot];
        if (in == null || in.rows != rows || in.width != width) {
            if (in != null) {
                made.remove(in);
                in.close();
            }
            in = mine[slot] = new OnnxModel.Input(rows, width);
            made.add(in);
        }
        return in;
    }

    @PreDestroy
    void close() {
        made.forEach(OnnxModel.Input::close);
        made.clear();
    }

    String band(double p) {
        return p >= config.bandHigh() ? "high" : p >= config.bandMedium() ? "medium" : "low";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : decimals(v, 1);
    }

    /** {@code v} rounded half up to {@code places} decimals, as {@code %.Nf} would print it. */
    static String decimals(double v, int places) {
        long scale = places == 1 ? 10 : 100;
        long n = Math.round(Math.abs(v) * scale);
        String digits = Long.toString(n % scale);
        while (digits.length() < places) digits = "0" + digits;
        return (v < 0 && n != 0 ? "-" : "") + (n / scale) + "." + digits;
    }
}
