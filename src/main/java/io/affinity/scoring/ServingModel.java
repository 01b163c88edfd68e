package io.affinity.scoring;

import io.affinity.features.FeaturePipeline;
import io.affinity.models.ModelCard;
import io.affinity.models.ModelException;
import io.affinity.models.OnnxModel;
import io.affinity.models.UseCase;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model version being served: its card, its feature pipeline and its ONNX Runtime session. A serving model fits
 * its use case by construction (the inputs scoring feeds that use case are the ones its card names), so nothing that
 * scores needs to ask again. Leases count the calls in flight; the session closes when the version has been replaced
 * and the last call has returned.
 */
final class ServingModel {

    final UseCase useCase;
    final ModelCard card;
    final FeaturePipeline.Transformer features;
    final OnnxModel session;
    /** For recommend models: the all-items graph and the id maps; null otherwise. */
    final Recommender recommender;
    /** One lease is the cache's own; it is given back when a newer version replaces this one. */
    private final AtomicInteger leases = new AtomicInteger(1);

    /** @throws ModelException when the card's inputs are not what scoring feeds {@code useCase} */
    /** Its calls' latency (ScoringMetrics), set when loaded to serve; null where nothing is measured. */
    io.micrometer.core.instrument.Timer latency;

    ServingModel(UseCase useCase, ModelCard card, OnnxModel session, Recommender recommender) {
        useCase.requireServable(card);
        if (useCase instanceof UseCase.ItemRanking && recommender == null)
            throw new ModelException(useCase + " v" + card.version() + " is served by its all-items graph");
        this.useCase = useCase;
        this.card = card;
        this.recommender = recommender;
        this.features =
                card.preprocessing() == null ? null : card.preprocessing().transformer();
        this.session = session;
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
