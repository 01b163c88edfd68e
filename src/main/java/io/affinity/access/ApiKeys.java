package io.affinity.access;

import io.affinity.platform.Secrets;
import io.affinity.platform.StoredText;
import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.cache.CacheResult;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys for backends and scripts: created with a name and a role, shown once, stored as SHA-256, revoked at will.
 * Every request presents one, so the lookup by hash is cached briefly (a revocation is seen at once here and within
 * the cache's life on other instances), and the last use is written in batches, not on every request.
 */
@ApplicationScoped
public class ApiKeys {

    static final String CACHE = "api-keys";
    private static final String PREFIX = "ak_";

    /** A key as listed: never the key itself. */
    public record KeyView(
            long id,
            String name,
            Roles.KeyRole role,
            String prefix,
            Instant createdAt,
            String createdBy,
            Instant lastUsedAt,
            Instant revokedAt) {}

    /** A newly created key: the only time the key is returned. */
    public record NewKey(long id, String name, Roles.KeyRole role, String key) {}

    /** Who presented an active key. */
    public record KeyHolder(long id, String name, Roles.KeyRole role) {}

    @ApplicationScoped
    static class Repository implements PanacheRepository<ApiKey> {}

    private final Repository keys;
    private final Map<Long, Instant> usedSince = new ConcurrentHashMap<>();

    ApiKeys(Repository keys) {
        this.keys = keys;
    }

    /** Creates a key; {@code key} is given only when a deployment supplies its first admin key from a secret store. */
    @Transactional
    @CacheInvalidateAll(cacheName = CACHE)
    public NewKey create(String name, String role, String createdBy) {
        return create(name, role, createdBy, Secrets.newSecret(PREFIX, 32));
    }

    @Transactional
    @CacheInvalidateAll(cacheName = CACHE)
    NewKey create(String name, String role, String createdBy, String plain) {
        ApiKey k = new ApiKey();
        k.name = requireName(name);
        k.role = keyRole(role);
        k.keyHash = Secrets.sha256(plain);
        k.keyPrefix = plain.substring(0, Math.min(plain.length(), 8));
        k.createdAt = Instant.now();
        k.createdBy = createdBy;
        keys.persist(k);
        return new NewKey(k.id, k.name, k.role, plain);
    }

    @Transactional
    @CacheInvalidateAll(cacheName = CACHE)
    public KeyView revoke(long id) {
        ApiKey k = keys.findByIdOptional(id).orElseThrow(() -> AccessException.notFound("no API key with id " + id));
        if (k.revokedAt == null) k.revokedAt = Instant.now();
        return view(k);
    }

    @Transactional
    public List<KeyView> list() {
        flushLastUse();
        return keys.listAll(io.quarkus.panache.common.Sort.by("id")).stream()
                .map(ApiKeys::view)
                .toList();
    }

    /** Keys ever made, revoked ones included (none: a first start). */
    @Transactional
    public long count() {
        return keys.count();
    }

    /** The holder of an active key, or empty for an unknown or revoked one. */
    public Optional<KeyHolder> holderOf(String presented) {
        Optional<KeyHolder> holder = lookup(HexFormat.of().formatHex(Secrets.sha256(presented)));
        holder.ifPresent(h -> usedSince.put(h.id(), Instant.now()));
        return holder;
    }

    @CacheResult(cacheName = CACHE)
    @Transactional
    Optional<KeyHolder> lookup(String hashHex) {
        return keys.find("keyHash = ?1 and revokedAt is null", (Object)
                        HexFormat.of().parseHex(hashHex))
                .firstResultOptional()
                .map(k -> new KeyHolder(k.id, k.name, k.role));
    }

    /** Writes the keys' last use, at most a few seconds late, in one transaction instead of one per request. */
    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void flushLastUse() {
        for (Long id : List.copyOf(usedSince.keySet())) {
            Instant used = usedSince.remove(id);
            if (used != null) {
                keys.update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?1)", used, id);
            }
        }
    }

    /** A stopping server writes the uses it has not written yet. */
    void onStop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        try {
            flushLastUse();
        } catch (RuntimeException e) {
            // the embedded PostgreSQL stops in its own shutdown hook, maybe first: a few seconds of last use are lost
            org.jboss.logging.Logger.getLogger(ApiKeys.class)
                    .debugf("API keys: last use not written at shutdown (%s)", e.toString());
        }
    }

    static Roles.KeyRole keyRole(String role) {
        if (role == null)
            throw AccessException.badRequest("'role' is required: one of " + List.of(Roles.KeyRole.values()));
        try {
            return Roles.KeyRole.valueOf(role);
        } catch (IllegalArgumentException e) {
            throw AccessException.badRequest(
                    "unknown role '" + StoredText.visible(role) + "': one of " + List.of(Roles.KeyRole.values()));
        }
    }

    static String requireName(String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw AccessException.badRequest("'name' is required (1-100 characters)");
        }
        return name.trim();
    }

    private static KeyView view(ApiKey k) {
        return new KeyView(k.id, k.name, k.role, k.keyPrefix, k.createdAt, k.createdBy, k.lastUsedAt, k.revokedAt);
    }
}
