package io.affinity.ingest;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Import jobs, newest first. */
@ApplicationScoped
public class ImportJobRepository implements PanacheRepository<ImportJob> {

    public List<ImportJob> latest(int n) {
        return find("order by id desc").page(0, n).list();
    }
}
