package io.affinity.scoring;

import io.affinity.models.UseCase;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of scoring: which version serves each use case, or why none does. A use case without a model does not
 * make the instance unready (ingestion and the other use cases still work); it is reported, with the reason.
 */
@Readiness
@ApplicationScoped
public class ModelsHealth implements HealthCheck {

    private final ModelSessions sessions;

    ModelsHealth(ModelSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("models");
        for (UseCase useCase : UseCase.ALL) response.withData(useCase.id(), sessions.serving(useCase));
        return response.up().build();
    }
}
