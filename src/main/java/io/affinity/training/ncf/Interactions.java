package io.affinity.training.ncf;

import java.util.Arrays;

/**
 * Implicit feedback for the recommender: (user, item) pairs with dense 0-based ids, in time order within each
 * user, plus each user's sorted item list so negative sampling can skip items the user already has.
 */
public final class Interactions {

    private final int users;
    private final int items;
    private final int[] userOf;
    private final int[] itemOf;
    private final int[][] itemsByUser;
    private final float[] recency;
    /** Each user's items in time order, and where each interaction sits in its user's sequence. */
    private final int[][] sequenceByUser;

    private final int[] position;

    public Interactions(int users, int items, int[] userOf, int[] itemOf) {
        if (userOf.length != itemOf.length) throw new IllegalArgumentException("users and items differ in length");
        this.users = users;
        this.items = items;
        this.userOf = userOf;
        this.itemOf = itemOf;
        int[] counts = new int[users];
        for (int i = 0; i < userOf.length; i++) {
            if (userOf[i] < 0 || userOf[i] >= users)
                throw new IllegalArgumentException("user id " + userOf[i] + " outside 0.." + (users - 1));
            if (itemOf[i] < 0 || itemOf[i] >= items)
                throw new IllegalArgumentException("item id " + itemOf[i] + " outside 0.." + (items - 1));
            counts[userOf[i]]++;
        }
        itemsByUser = new int[users][];
        for (int u = 0; u < users; u++) itemsByUser[u] = new int[counts[u]];
        int[] fill = new int[users];
        for (int i = 0; i < userOf.length; i++) itemsByUser[userOf[i]][fill[userOf[i]]++] = itemOf[i];
        for (int[] list : itemsByUser) Arrays.sort(list);
        recency = new float[userOf.length];
        position = new int[userOf.length];
        sequenceByUser = new int[users][];
        for (int u = 0; u < users; u++) sequenceByUser[u] = new int[counts[u]];
        int[] seen = new int[users];
        for (int i = 0; i < userOf.length; i++) {
            int u = userOf[i];
            recency[i] = counts[u] == 1 ? 1f : (float) seen[u] / (counts[u] - 1);
            position[i] = seen[u];
            sequenceByUser[u][seen[u]++] = itemOf[i];
        }
    }

    /** The user's items in time order (array order), oldest first. */
    public int[] sequence(int user) {
        return sequenceByUser[user];
    }

    /** Where interaction {@code k} sits in {@link #sequence} of its user: the items before it are its history. */
    public int position(int k) {
        return position[k];
    }

    /** Where interaction {@code k} sits in its user's history, by array order: 0 the oldest, 1 the latest. */
    public float recency(int k) {
        return recency[k];
    }

    public int users() {
        return users;
    }

    public int items() {
        return items;
    }

    public int size() {
        return userOf.length;
    }

    public int user(int k) {
        return userOf[k];
    }

    public int item(int k) {
        return itemOf[k];
    }

    public boolean has(int user, int item) {
        return Arrays.binarySearch(itemsByUser[user], item) >= 0;
    }

    public int[] itemsOf(int user) {
        return itemsByUser[user];
    }

    /** Interactions per item: the popularity baseline's score. */
    public int[] itemCounts() {
        int[] counts = new int[items];
        for (int i : itemOf) counts[i]++;
        return counts;
    }
}
