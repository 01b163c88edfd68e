package io.affinity.training.eval;

/**
 * Hit ratio and NDCG at K under leave-one-out ranking, with the protocol that produced them.
 *
 * @param hitRatio share of users whose held-out item ranks in the top K of (held-out + negatives)
 * @param ndcg mean of 1 / log2(rank + 2) over users whose held-out item is in the top K (0-based rank)
 */
public record RankingMetrics(int k, int users, double hitRatio, double ndcg, String protocol) {}
