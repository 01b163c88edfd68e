package io.affinity.scoring;

import io.affinity.features.CustomerAggregateService;
import io.affinity.features.CustomerFeatures;
import io.affinity.features.PromotionStats;
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

    private final ErasedCustomers erased;

    CtrService(
            ModelSessions sessions,
            CustomerAggregateService aggregates,
            PromotionStats promotions,
            ErasedCustomers erased) {
        this.sessions = sessions;
        this.aggregates = aggregates;
        this.promotions = promotions;
        this.erased = erased;
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
        Map<String, PromotionStats.Counts> stats = promotionStats();
        List<String> unknown =
                unique.stream().filter(id -> !stats.containsKey(id)).toList();
        var aggregate = aggregates.find(customerId);
        if (aggregate.isEmpty()) {
            if (erased.erased(customerId)) throw ErasedCustomers.erasedAnswer(customerId);
            return byClickRate(customerId, unique, unknown, stats);
        }
        Object[] customer = CustomerFeatures.raw(aggregate.get());
        return sessions.withModel(UseCase.CTR, model -> {
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
            return new AdRanking(customerId, model.card.version(), model.card.algorithm(), "model", null, unknown, ads);
        });
    }

    /** Cold start: a customer with no events yet gets the promotions by their click rate so far. */
    private AdRanking byClickRate(
            String customerId,
            List<String> candidates,
            List<String> unknown,
            Map<String, PromotionStats.Counts> stats) {
        PromotionStats.Counts none = new PromotionStats.Counts(0, 0);
        List<AdRanking.Ad> ads = new ArrayList<>();
        for (String id : candidates) {
            double rate = stats.getOrDefault(id, none).smoothedClickRate();
            ads.add(new AdRanking.Ad(id, rate, rate));
        }
        ads.sort(Comparator.comparingDouble(AdRanking.Ad::clickProbability).reversed());
        return new AdRanking(
                customerId,
                0,
                null,
                "click-rate",
                "customer '" + customerId + "' has no events yet: promotions ranked by their click rate so far",
                unknown,
                ads);
    }
}
