package io.affinity.models;

import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerFeatures;
import io.affinity.ingest.EventKind;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * What Affinity scores, one type per kind of score and one constant per use case. A use case owns everything that
 * differs between use cases: what its training set is, which algorithms train it when a job names none, what its
 * model must take (checked by {@link #requireServable} when a version is loaded and when it is promoted), where it is
 * served, and what its batch run writes. Training and scoring dispatch on the kind with {@code instanceof} patterns,
 * one place each.
 *
 * <p>Adding a use case of an existing kind is one constant here and its entry in {@link #ALL}; a new kind is a new
 * record here and a branch at each dispatch (training's training set, scoring's serving call and batch writer).
 */
public sealed interface UseCase permits UseCase.Probability, UseCase.PromotionRanking, UseCase.ItemRanking {

    /**
     * A probability per customer (churn, propensity): trained on customers as of a cut-off, labelled by what they do
     * in the horizon after it; served by {@code POST /api/score}; a batch run appends a probability and band per
     * customer to {@code customer_score}.
     *
     * @param outcome what a positive label means, with {@code %d} for the horizon in days
     * @param population who is in the training set, in words
     * @param inPopulation who is in the training set: their aggregates as of the cut-off
     * @param positive the label from the kinds of the customer's events in the horizon (none: the customer was silent)
     * @param baselineName the one-feature baseline a model must beat, in words
     * @param baseline the baseline's score of a customer (higher: more likely positive)
     */
    record Probability(
            String id,
            String outcome,
            String population,
            Predicate<CustomerAggregate> inPopulation,
            Predicate<Set<EventKind>> positive,
            String baselineName,
            ToDoubleFunction<CustomerAggregate> baseline)
            implements UseCase {
        @Override
        public String outcome(int horizonDays) {
            return String.format(outcome, horizonDays);
        }

        @Override
        public List<String> inputs() {
            return CustomerFeatures.names();
        }

        @Override
        public String servedBy() {
            return "POST /api/score";
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /**
     * A ranking of running promotions per customer (ctr): trained on promotion impressions, labelled by a click
     * within {@code clickWithin}; served by {@code POST /api/ctr}; a batch run ranks the promotions viewed within
     * {@code running} before the latest view and appends each customer's top K to {@code customer_ranking}.
     */
    record PromotionRanking(String id, Duration clickWithin, Duration running, List<String> defaultAlgorithms)
            implements UseCase {
        @Override
        public String outcome(int horizonDays) {
            return "the customer clicks the promotion within " + words(clickWithin) + " of seeing it";
        }

        @Override
        public List<String> inputs() {
            return CustomerFeatures.adNames();
        }

        @Override
        public String servedBy() {
            return "POST /api/ctr";
        }

        @Override
        public String toString() {
            return id;
        }

        private static String words(Duration d) {
            return d.equals(Duration.ofDays(1)) ? "a day" : d.toHours() + " hours";
        }
    }

    /**
     * A ranking of products per customer (recommend): trained on product interactions (views, clicks, cart adds),
     * its model takes ids, not features; served by {@code GET /api/customers/{id}/recommendations}; a batch run
     * appends each customer's top K to {@code customer_ranking}.
     */
    record ItemRanking(String id) implements UseCase {
        @Override
        public String outcome(int horizonDays) {
            return "the customer interacts with the item";
        }

        @Override
        public List<String> inputs() {
            return List.of();
        }

        @Override
        public String servedBy() {
            return "GET /api/customers/{id}/recommendations";
        }

        @Override
        public String toString() {
            return id;
        }
    }

    ItemRanking RECOMMEND = new ItemRanking("recommend");

    PromotionRanking CTR = new PromotionRanking(
            "ctr", Duration.ofDays(1), Duration.ofDays(30), List.of("factorization-machine", "logistic-regression"));

    Probability PROPENSITY = new Probability(
            "propensity",
            "the customer completes an order within %d days",
            "customers active in the 90 days before the cut-off",
            a -> a.events90d() > 0,
            kinds -> kinds.contains(EventKind.ORDER_COMPLETED),
            "orders in the 90 days before the cut-off",
            CustomerAggregate::orders90d);

    Probability CHURN = new Probability(
            "churn",
            "the customer goes silent or cancels their subscription within %d days",
            "customers active in the 30 days before the cut-off",
            a -> a.events30d() > 0,
            kinds -> kinds.isEmpty() || kinds.contains(EventKind.SUBSCRIPTION_CANCELLED),
            "days since the customer was last seen",
            CustomerAggregate::recencyDays);

    /** Every use case: the registration a new one is added to. */
    List<UseCase> ALL = List.of(RECOMMEND, CTR, PROPENSITY, CHURN);

    /** The name used in S3 keys, URLs and cards. */
    String id();

    /** What the score says, for the model card ("probability that ..."). */
    String outcome(int horizonDays);

    /** The algorithms a training runs when its job names none; empty for all the kind has. */
    default List<String> defaultAlgorithms() {
        return List.of();
    }

    /** The named raw inputs scoring feeds its model, before the model's own pipeline; empty when it takes ids. */
    List<String> inputs();

    /** Where a caller gets this use case's score. */
    String servedBy();

    /**
     * The check a version passes before it serves this use case, at load and at promotion: its card's pipeline
     * takes exactly the inputs scoring feeds it.
     *
     * @throws ModelException saying what the card takes and what scoring feeds
     */
    default void requireServable(ModelCard card) {
        List<String> expected = inputs();
        if (expected.isEmpty()) return;
        String label = this + " v" + card.version();
        if (card.preprocessing() == null)
            throw new ModelException(
                    label + " has no feature pipeline in its card; " + this + " scoring feeds its model " + expected);
        List<String> names = card.preprocessing().inputNames();
        if (!names.equals(expected))
            throw new ModelException(label + " takes the inputs " + names + ", but " + this
                    + " scoring feeds its model " + expected + " (a model trained on a table with other columns"
                    + " can be evaluated, not served for " + this + ")");
    }

    /** The use cases scored as one probability per customer, in the order of {@link #ALL}. */
    static List<Probability> probabilities() {
        return ALL.stream()
                .filter(u -> u instanceof Probability)
                .map(u -> (Probability) u)
                .toList();
    }

    static UseCase of(String id) {
        return ALL.stream()
                .filter(u -> u.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new UnknownModelException("unknown use case '" + id + "'; use one of "
                        + String.join(", ", ALL.stream().map(UseCase::id).toList())));
    }
}
