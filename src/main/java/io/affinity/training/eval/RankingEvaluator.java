package io.affinity.training.eval;

/**
 * Leave-one-out ranking evaluation (the NCF paper's protocol). A negative that scores the same as the held-out
 * item ranks above it, so ties never flatter a model (a constant scorer gets HR@K = 0, not a lucky draw).
 */
public final class RankingEvaluator {

    /** Scores a batch of items for one user. */
    @FunctionalInterface
    public interface Scorer {
        double[] score(int user, int[] items);
    }

    private RankingEvaluator() {}

    public static RankingMetrics evaluate(Scorer scorer, LeaveOneOut protocol, int k) {
        int users = 0;
        double hits = 0, ndcg = 0;
        for (int user = 0; user < protocol.users(); user++) {
            int heldOut = protocol.heldOut()[user];
            if (heldOut < 0) continue;
            int[] negatives = protocol.negatives()[user];
            int[] candidates = new int[negatives.length + 1];
            candidates[0] = heldOut;
            System.arraycopy(negatives, 0, candidates, 1, negatives.length);
            double[] scores = scorer.score(user, candidates);
            int rank = 0;
            for (int j = 1; j < scores.length; j++) if (scores[j] >= scores[0]) rank++;
            users++;
            if (rank < k) {
                hits++;
                ndcg += 1 / (Math.log(rank + 2) / Math.log(2));
            }
        }
        return new RankingMetrics(
                k, users, users == 0 ? 0 : hits / users, users == 0 ? 0 : ndcg / users, protocol.description());
    }
}
