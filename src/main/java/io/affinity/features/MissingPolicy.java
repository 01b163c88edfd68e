package io.affinity.features;

/** What a numeric feature does with a missing value; fitted on the training split, replayed at serving. */
public enum MissingPolicy {
    /** Replace with the training median (robust to the skew of money and counts). */
    MEDIAN,
    /** Replace with the training mean. */
    MEAN,
    /** Replace with zero (counts where absence means none). */
    ZERO,
    /** Drop the row from training; at serving the median stands in, since a score must still be given. */
    DROP_ROW
}
