package io.affinity.ingest;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Sources by name. */
@ApplicationScoped
public class SourceRepository implements PanacheRepository<Source> {

    public Optional<Source> findByName(String name) {
        return find("name", name).firstResultOptional();
    }
}
