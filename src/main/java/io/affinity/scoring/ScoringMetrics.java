package io.affinity.scoring;

import io.affinity.models.UseCase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Scoring's Prometheus metrics: {@code affinity_scoring_seconds{use_case, version}} (one served call with its model
 * held: a score, a recommendation list, a ranking, a batch chunk) and {@code affinity_model_loads_total{use_case,
 * outcome}} (loaded, or refused with the previous version kept or nothing to serve).
 */
@ApplicationScoped
public class ScoringMetrics {

    private final MeterRegistry registry;

    @Inject
    ScoringMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Without a registry (benchmarks of the bare scoring path): nothing is recorded. */
    static ScoringMetrics none() {
        return new ScoringMetrics(null);
    }

    /** The latency timer of one served version, made once when the version is loaded. */
    Timer latency(UseCase useCase, int version) {
        if (registry == null) return null;
        return Timer.builder("affinity.scoring")
                .description("a served call, with the model held")
                .tag("use_case", useCase.id())
                .tag("version", Integer.toString(version))
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void load(UseCase useCase, String outcome) {
        if (registry == null) return;
        registry.counter("affinity.model.loads", "use_case", useCase.id(), "outcome", outcome)
                .increment();
    }
}
