package io.affinity.scoring;

import java.util.List;

/**
 * Top products for a customer.
 *
 * @param source "neumf" when the model ranked them, "popularity" when it could not (the reason says why)
 * @param reason why popularity was used; null when the model ranked
 */
public record Recommendations(
        String customerId, int k, String source, String reason, int modelVersion, List<Item> items) {

    /** A recommended product; score is the model's probability, or the product's share of interactions. */
    public record Item(String productId, double score, String category, Double price) {}
}
