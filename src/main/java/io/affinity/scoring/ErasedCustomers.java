package io.affinity.scoring;

import io.affinity.ingest.PrivacyService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What every scoring answer says of a customer it knows nothing of: erased on request (410, nothing personal is kept
 * or used), or never seen (404). Asked only when a customer is not found, so it costs the hot path nothing.
 */
@ApplicationScoped
class ErasedCustomers {

    private final PrivacyService privacy;

    ErasedCustomers(PrivacyService privacy) {
        this.privacy = privacy;
    }

    boolean erased(String customerId) {
        return privacy.isErased(customerId);
    }

    /** 410 when the customer was erased, else 404 saying there are no events of theirs. */
    ScoringException notFound(String customerId) {
        return erased(customerId)
                ? erasedAnswer(customerId)
                : new ScoringException(404, "no customer '" + customerId + "' (or no events of theirs yet)");
    }

    static ScoringException erasedAnswer(String customerId) {
        return new ScoringException(
                410,
                "customer '" + customerId + "' was erased on request: nothing about them is kept, learnt or scored"
                        + " (an admin can lift the suppression: DELETE /api/suppressions/{identity})");
    }
}
