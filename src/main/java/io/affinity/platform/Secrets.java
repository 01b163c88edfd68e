package io.affinity.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer secrets (write keys, API keys, session tokens): made from a {@link SecureRandom}, shown to their owner once,
 * stored only as SHA-256. They are random, not chosen by a person, so a fast hash leaves nothing to brute-force
 * (passwords are another matter: bcrypt, in the access package).
 */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** {@code prefix} followed by {@code bytes} random bytes in URL-safe Base64 (no padding). */
    public static String newSecret(String prefix, int bytes) {
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
