package io.affinity.campaigns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who of a campaign's audience is held out: the customer id hashed with the campaign's salt into a bucket
 * 0..{@value #BUCKETS}-1, buckets below the campaign's holdout buckets held out. The bucket depends only on the salt
 * and the id, so an assignment is stable (the same customer, the same arm, whenever asked) and reproducible by anyone
 * with the salt: the first four bytes of SHA-256 of {@code salt + ":" + customerId}, read as an unsigned big-endian
 * integer, modulo 10,000.
 */
public final class Assignment {

    public static final int BUCKETS = 10_000;

    private Assignment() {}

    public static int bucket(String salt, String customerId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((salt + ":" + customerId).getBytes(StandardCharsets.UTF_8));
            long v = ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
            return (int) (v % BUCKETS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** @param holdoutBuckets how many of the 10,000 buckets are held out (1,000 for a 10% holdout) */
    public static boolean treated(String salt, String customerId, int holdoutBuckets) {
        return bucket(salt, customerId) >= holdoutBuckets;
    }
}
