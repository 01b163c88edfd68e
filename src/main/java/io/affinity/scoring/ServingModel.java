package io.affinity.scoring;

import io.affinity.features.CustomerFeatures;
import io.affinity.features.FeaturePipeline;
import io.affinity.models.ModelCard;
import io.affinity.models.ModelException;
import io.affinity.models.OnnxModel;
import io.affinity.models.UseCase;
import java.util.List;
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
        requireInputsOf(useCase, card);
        if (useCase == UseCase.RECOMMEND && recommender == null)
            throw new ModelException("recommend v" + card.version() + " is served by its all-items graph");
        this.useCase = useCase;
        this.card = card;
        this.recommender = recommender;
        this.features =
                card.preprocessing() == null ? null : card.preprocessing().transformer();
        this.session = session;
    }

    /**
     * The named inputs scoring feeds a use case's model (before its pipeline): the customer features for churn and
     * propensity, those plus the promotion's for ctr; null for recommend, whose inputs are ids.
     */
    static List<String> inputsOf(UseCase useCase) {
        return switch (useCase) {
            case CHURN, PROPENSITY -> CustomerFeatures.names();
            case CTR -> CustomerFeatures.adNames();
            case RECOMMEND -> null;
        };
    }

    static void requireInputsOf(UseCase useCase, ModelCard card) {
        List<String> expected = inputsOf(useCase);
        if (expected == null) return;
        String label = useCase + " v" + card.version();
        if (card.preprocessing() == null)
            throw new ModelException(label + " has no feature pipeline in its card; " + useCase
                    + " scoring feeds its model " + expected);
        List<String> names = card.preprocessing().inputNames();
        if (!names.equals(expected))
            throw new ModelException(label + " takes the inputs " + names + ", but " + useCase
                    + " scoring feeds its model " + expected + " (a model trained on a table with other columns"
                    + " can be evaluated, not served for " + useCase + ")");
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
