package io.affinity.training.eval;

/**
 * The NCF paper's ranking protocol: for each user one held-out item and a fixed list of sampled negatives (items
 * the user never interacted with); the held-out item is ranked among them.
 *
 * @param heldOut per user, the held-out item, or -1 for a user without one
 * @param negatives per user, the negative items (99 in the paper's protocol)
 */
public record LeaveOneOut(int[] heldOut, int[][] negatives, String description) {

    public int users() {
        return heldOut.length;
    }
}
