package io.affinity.scoring;

import io.affinity.features.Catalogue;
import io.affinity.models.UseCase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Top-K products for a customer from the production recommend model: every item scored for the customer in one
 * ONNX Runtime call (item side precomputed at load), products already bought left out, category and price filters
 * applied; customers the model never saw get the most popular products, and are told so.
 */
@ApplicationScoped
public class RecommendService {

    public static final int MAX_K = 100;

    private final ModelSessions sessions;
    private final Catalogue catalogue;

    private final ErasedCustomers erased;

    RecommendService(ModelSessions sessions, Catalogue catalogue, ErasedCustomers erased) {
        this.sessions = sessions;
        this.catalogue = catalogue;
        this.erased = erased;
    }

    /** The catalogue's spelling of {@code category}, matched ignoring case; a category no product has is a 400. */
    private static String category(Recommender r, String asked) {
        if (asked == null || asked.isBlank()) return null;
        for (Catalogue.Product p : r.products)
            if (p.category() != null && p.category().equalsIgnoreCase(asked.strip())) return p.category();
        java.util.TreeSet<String> known = new java.util.TreeSet<>();
        for (Catalogue.Product p : r.products) if (p.category() != null) known.add(p.category());
        throw new ScoringException(400, "no product has the category '" + asked + "'; the categories are " + known);
    }

    public Recommendations recommend(String customerId, int k, String askedCategory, Double maxPrice) {
        if (k < 1 || k > MAX_K) throw new ScoringException(400, "k must be in 1.." + MAX_K + ", was " + k);
        if (maxPrice != null && !(maxPrice > 0))
            throw new ScoringException(400, "maxPrice must be positive, was " + maxPrice);
        Set<String> bought = catalogue.bought(customerId);
        return sessions.withModel(UseCase.RECOMMEND, model -> {
            Recommender r = model.recommender;
            Integer user = r.users.get(customerId);
            if (user == null && erased.erased(customerId)) throw ErasedCustomers.erasedAnswer(customerId);
            String category = category(r, askedCategory);
            List<Recommendations.Item> out = user == null
                    ? popular(r, k, category, maxPrice, bought)
                    : ranked(r, r.scoreAll(user, recent(r, customerId)), k, category, maxPrice, bought);
            return new Recommendations(
                    customerId,
                    k,
                    user == null ? "popularity" : model.card.algorithm(),
                    user == null
                            ? "customer not seen by recommend v" + model.card.version() + " (new or too little history)"
                            : null,
                    model.card.version(),
                    out);
        });
    }

    /** The customer's latest products when the model reads them (a NeuMF with recent items), else nothing. */
    private List<String> recent(Recommender r, String customerId) {
        return r.recent == 0 ? List.of() : catalogue.recent(customerId, r.recent);
    }

    private static boolean eligible(Recommender r, int i, String category, Double maxPrice, Set<String> bought) {
        Catalogue.Product p = r.products[i];
        if (bought.contains(r.items[i])) return false;
        if (category != null && !category.equals(p.category())) return false;
        return maxPrice == null || (p.price() != null && p.price() <= maxPrice);
    }

    static List<Recommendations.Item> ranked(
            Recommender r, float[] scores, int k, String category, Double maxPrice, Set<String> bought) {
        PriorityQueue<Integer> top = new PriorityQueue<>(k + 1, (a, b) -> Float.compare(scores[a], scores[b]));
        for (int i = 0; i < scores.length; i++) {
            if (top.size() == k && scores[i] <= scores[top.peek()]) continue;
            if (!eligible(r, i, category, maxPrice, bought)) continue;
            top.add(i);
            if (top.size() > k) top.poll();
        }
        List<Recommendations.Item> out = new ArrayList<>();
        while (!top.isEmpty()) {
            int i = top.poll();
            out.add(
                    0,
                    new Recommendations.Item(r.items[i], scores[i], r.products[i].category(), r.products[i].price()));
        }
        return out;
    }

    static List<Recommendations.Item> popular(
            Recommender r, int k, String category, Double maxPrice, Set<String> bought) {
        List<Recommendations.Item> out = new ArrayList<>();
        for (int rank = 0; rank < r.byPopularity.length && out.size() < k; rank++) {
            int i = r.byPopularity[rank];
            if (eligible(r, i, category, maxPrice, bought))
                out.add(new Recommendations.Item(
                        r.items[i], 1.0 / (rank + 1), r.products[i].category(), r.products[i].price()));
        }
        return out;
    }
}
