package io.affinity.scoring;

import io.affinity.features.CustomerFeatures;
import io.affinity.features.FeaturePipeline;
import io.affinity.models.ModelCard;
import io.affinity.models.OnnxModel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model version being served: its card, its feature pipeline and its ONNX Runtime session. Leases count the
 * calls in flight; the session closes when the version has been replaced and the last call has returned.
 */
final class ServingModel {

    final ModelCard card;
    final FeaturePipeline.Transformer features;
    final OnnxModel session;
    /** Whether the model's inputs are {@link CustomerFeatures} (churn, propensity), checked once at load. */
    final boolean takesCustomerFeatures;
    /** For recommend models: the all-items graph and the id maps; null otherwise. */
    final Recommender recommender;
    /** One lease is the cache's own; it is given back when a newer version replaces this one. */
    private final AtomicInteger leases = new AtomicInteger(1);

    ServingModel(ModelCard card, OnnxModel session, Recommender recommender) {
        this.card = card;
        this.recommender = recommender;
        this.features =
                card.preprocessing() == null ? null : card.preprocessing().transformer();
        this.session = session;
        this.takesCustomerFeatures = card.preprocessing() != null
                && card.preprocessing().inputNames().equals(CustomerFeatures.names());
    }

    /** @return false when this version is already closed (the caller takes the newer one) */
    boolean acquire() {
        while (true) {
            int n = leases.get();
            if (n == 0) return false;
            if (leases.compareAndSet(n, n + 1)) return true;
        }
    }

    void release() {
        if (leases.decrementAndGet() == 0) {
            session.close();
            if (recommender != null) recommender.close();
        }
    }
}
