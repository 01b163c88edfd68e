package io.affinity.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows password guessing: after {@value #FREE} failed sign-ins for a user name or from an address (within
 * {@value #FORGET_MINUTES} minutes), every further attempt for it waits first — 1 s, 2 s, 4 s ... up to
 * {@value #MAX_SECONDS} s — whether or not its password is right, so the wait tells nothing. The wait does not hold
 * a thread. Counts are per instance.
 */
@ApplicationScoped
class LoginThrottle {

    static final int FREE = 3;
    static final int MAX_SECONDS = 16;
    static final int FORGET_MINUTES = 15;

    private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(FORGET_MINUTES))
            .maximumSize(100_000)
            .build();

    Duration delayFor(String name, String address) {
        int n = Math.max(count("user:" + normal(name)), count("addr:" + address));
        if (n < FREE) return Duration.ZERO;
        return Duration.ofSeconds(Math.min(MAX_SECONDS, 1L << Math.min(n - FREE, 4)));
    }

    void failed(String name, String address) {
        failures.get("user:" + normal(name), k -> new AtomicInteger()).incrementAndGet();
        failures.get("addr:" + address, k -> new AtomicInteger()).incrementAndGet();
    }

    void succeeded(String name, String address) {
        failures.invalidate("user:" + normal(name));
        failures.invalidate("addr:" + address);
    }

    private int count(String key) {
        AtomicInteger n = failures.getIfPresent(key);
        return n == null ? 0 : n.get();
    }

    private static String normal(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    }
}
