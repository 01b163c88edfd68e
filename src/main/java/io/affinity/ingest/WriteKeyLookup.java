package io.affinity.ingest;

import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** Which source a write-key hash belongs to, cached briefly: every tracking request asks. */
@ApplicationScoped
public class WriteKeyLookup {

    static final String CACHE = "write-keys";

    private final WriteKeyRepository keys;

    WriteKeyLookup(WriteKeyRepository keys) {
        this.keys = keys;
    }

    /** @return the source of an active key with this SHA-256 (hex), or empty */
    @CacheResult(cacheName = CACHE)
    @Transactional
    public Optional<Long> sourceOf(String keyHashHex) {
        return keys.findActiveByHash(java.util.HexFormat.of().parseHex(keyHashHex))
                .map(k -> k.sourceId);
    }

    /** Called when keys are created or revoked. */
    @CacheInvalidateAll(cacheName = CACHE)
    public void invalidate() {
        // the annotation does the work
    }
}
