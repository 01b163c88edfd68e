package io.affinity.ingest;

import io.affinity.platform.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Sources and their write keys. A key is shown once, when created; only its SHA-256 is stored (keys are 192 random
 * bits, so a fast hash is enough: there is nothing to brute-force).
 */
@ApplicationScoped
public class SourceService {

    private final SourceRepository sources;
    private final WriteKeyRepository keys;
    private final WriteKeyLookup lookup;

    SourceService(SourceRepository sources, WriteKeyRepository keys, WriteKeyLookup lookup) {
        this.sources = sources;
        this.keys = keys;
        this.lookup = lookup;
    }

    /** A source as listed, with its keys (prefixes only). */
    public record SourceView(long id, String name, Instant createdAt, List<KeyView> keys) {}

    /** A write key as listed: never the key itself. */
    public record KeyView(long id, String prefix, Instant createdAt, Instant revokedAt) {}

    /** A newly created key: the only time the plain key is returned. */
    public record NewKey(long sourceId, String sourceName, long keyId, String writeKey) {}

    @Transactional
    public NewKey createSource(String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw IngestException.badRequest("source name is required (1-100 characters)");
        }
        if (sources.findByName(name.trim()).isPresent()) {
            throw new IngestException(409, "conflict", "a source named '" + name.trim() + "' already exists");
        }
        Source s = new Source();
        s.name = name.trim();
        s.createdAt = Instant.now();
        sources.persist(s);
        return createKey(s);
    }

    @Transactional
    public NewKey createKey(long sourceId) {
        return createKey(sources.findByIdOptional(sourceId)
                .orElseThrow(() -> IngestException.notFound("no source with id " + sourceId)));
    }

    private NewKey createKey(Source source) {
        String plain = Secrets.newSecret("wk_", 24);
        WriteKey k = new WriteKey();
        k.sourceId = source.id;
        k.keyHash = hash(plain);
        k.keyPrefix = plain.substring(0, 7);
        k.createdAt = Instant.now();
        keys.persist(k);
        lookup.invalidate();
        return new NewKey(source.id, source.name, k.id, plain);
    }

    @Transactional
    public void revokeKey(long sourceId, long keyId) {
        WriteKey k = keys.findByIdOptional(keyId)
                .filter(key -> key.sourceId == sourceId)
                .orElseThrow(() -> IngestException.notFound("no write key " + keyId + " in source " + sourceId));
        if (k.revokedAt == null) {
            k.revokedAt = Instant.now();
        }
        lookup.invalidate();
    }

    @Transactional
    public List<SourceView> list() {
        return sources.listAll().stream()
                .map(s -> new SourceView(
                        s.id,
                        s.name,
                        s.createdAt,
                        keys.listBySource(s.id).stream()
                                .map(k -> new KeyView(k.id, k.keyPrefix, k.createdAt, k.revokedAt))
                                .toList()))
                .toList();
    }

    /**
     * @return the source id the key belongs to
     * @throws IngestException 401 when the key is missing, unknown or revoked
     */
    public long authenticate(String writeKey) {
        if (writeKey == null || writeKey.isBlank()) {
            throw IngestException.unauthorized(
                    "missing write key: send it as the Basic auth user name or as 'writeKey' in the body");
        }
        return lookup.sourceOf(java.util.HexFormat.of().formatHex(hash(writeKey)))
                .orElseThrow(() -> IngestException.unauthorized("unknown or revoked write key"));
    }

    @Transactional
    public long sourceIdByName(String name) {
        return sources.findByName(name)
                .map(s -> s.id)
                .orElseThrow(() -> IngestException.notFound("no source named '" + name + "'"));
    }

    static byte[] hash(String key) {
        return Secrets.sha256(key);
    }
}
