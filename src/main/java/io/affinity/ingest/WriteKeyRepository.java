package io.affinity.ingest;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Write keys by hash (authentication) and by source (management). */
@ApplicationScoped
public class WriteKeyRepository implements PanacheRepository<WriteKey> {

    public Optional<WriteKey> findActiveByHash(byte[] hash) {
        return find("keyHash = ?1 and revokedAt is null", hash).firstResultOptional();
    }

    public List<WriteKey> listBySource(long sourceId) {
        return list("sourceId = ?1 order by id", sourceId);
    }
}
