package io.affinity.scoring;

import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerAggregateService;
import io.affinity.features.CustomerFeatures;
import io.affinity.features.PromotionStats;
import io.affinity.models.ModelException;
import io.affinity.models.UseCase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Ranks ad candidates for a customer by the production ctr model, all candidates in one ONNX Runtime call. */
@ApplicationScoped
public class CtrService {

    public static final int MAX_CANDIDATES = 500;

    private final ModelSessions sessions;
    private final CustomerAggregateService aggregates;
    private final PromotionStats promotions;

    /** Every promotion's views and clicks, re-read at most once a minute: not a scan of the event store per request. */
    private record Snapshot(Map<String, PromotionStats.Counts> counts, long takenAt) {}

    private static final long SNAPSHOT_NANOS = 60_000_000_000L;
    private volatile Snapshot snapshot;

    CtrService(ModelSessions sessions, CustomerAggregateService aggregates, PromotionStats promotions) {
        this.sessions = sessions;
        this.aggregates = aggregates;
        this.promotions = promotions;
    }

    private Map<String, PromotionStats.Counts> promotionStats() {
        Snapshot s = snapshot;
        if (s == null || System.nanoTime() - s.takenAt() > SNAPSHOT_NANOS) {
            s = new Snapshot(promotions.asOf(Instant.now()), System.nanoTime());
            snapshot = s;
        }
        return s.counts();
    }

    public AdRanking rank(String customerId, List<String> candidates) {
        if (customerId == null || customerId.isBlank()) throw new ScoringException(400, "'customerId' is required");
        if (candidates == null || candidates.isEmpty())
            throw new ScoringException(400, "'promotions' must list at least one candidate");
        if (candidates.size() > MAX_CANDIDATES)
            throw new ScoringException(
                    400, "at most " + MAX_CANDIDATES + " promotions per call, got " + candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i) == null || candidates.get(i).isBlank())
                throw new ScoringException(400, "promotions[" + i + "] is empty");
        }
        List<String> unique = List.copyOf(new LinkedHashSet<>(candidates));
        CustomerAggregate aggregate = aggregates
                .find(customerId)
                .orElseThrow(() ->
                        new ScoringException(404, "no customer '" + customerId + "' (or no events of theirs yet)"));
        Object[] customer = CustomerFeatures.raw(aggregate);
        Map<String, PromotionStats.Counts> stats = promotionStats();
        return sessions.withModel(UseCase.CTR, model -> {
            if (model.features == null
                    || !model.card.preprocessing().inputNames().equals(CustomerFeatures.adNames()))
                throw new ModelException("ctr v" + model.card.version() + " does not take the ad features "
                        + CustomerFeatures.adNames());
            float[][] x = new float[unique.size()][];
            double[] rates = new double[unique.size()];
            for (int i = 0; i < x.length; i++) {
                Object[] row = CustomerFeatures.adRaw(customer, stats.get(unique.get(i)), unique.get(i));
                rates[i] = (Double) row[CustomerFeatures.NUMERIC.size()];
                x[i] = model.features.transform(row);
            }
            float[] p = model.session.score(x);
            List<AdRanking.Ad> ads = new ArrayList<>();
            for (int i = 0; i < x.length; i++) ads.add(new AdRanking.Ad(unique.get(i), p[i], rates[i]));
            ads.sort(Comparator.comparingDouble(AdRanking.Ad::clickProbability).reversed());
            return new AdRanking(customerId, model.card.version(), model.card.algorithm(), ads);
        });
    }
}
