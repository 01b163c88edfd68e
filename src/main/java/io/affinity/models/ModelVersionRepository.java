package io.affinity.models;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The registry index: versions per use case, newest first, and the history of decisions. */
@ApplicationScoped
public class ModelVersionRepository implements PanacheRepositoryBase<ModelVersion, ModelVersion.Key> {

    public List<ModelVersion> byUseCase(UseCase useCase) {
        return find("id.useCase = ?1 order by id.version desc", useCase.id()).list();
    }

    public Optional<ModelVersion> production(UseCase useCase) {
        return find("id.useCase = ?1 and status = 'production'", useCase.id()).firstResultOptional();
    }

    public int nextVersion(UseCase useCase) {
        // Serialise registrations of one use case so two trainings never take the same number.
        getEntityManager()
                .createNativeQuery("select pg_advisory_xact_lock(hashtext('model_version:' || ?1))")
                .setParameter(1, useCase.id())
                .getSingleResult();
        Number max = (Number) getEntityManager()
                .createNativeQuery("select coalesce(max(version), 0) from model_version where use_case = ?1")
                .setParameter(1, useCase.id())
                .getSingleResult();
        return max.intValue() + 1;
    }

    public List<ModelEvent> history(UseCase useCase, int limit) {
        return getEntityManager()
                .createQuery("from ModelEvent where useCase = ?1 order by id desc", ModelEvent.class)
                .setParameter(1, useCase.id())
                .setMaxResults(limit)
                .getResultList();
    }
}
