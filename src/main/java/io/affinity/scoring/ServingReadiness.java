package io.affinity.scoring;

import io.affinity.models.ModelCard;
import io.affinity.models.ModelException;
import io.affinity.models.ServingCheck;
import io.affinity.models.UseCase;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The registry's check before a version goes into production: the very code that loads it for serving
 * ({@link ModelSessions#open}), then one call on a plain input. A model that passes serves its use case; one that
 * does not never reaches the production pointer.
 */
@ApplicationScoped
class ServingReadiness implements ServingCheck {

    private final ModelSessions sessions;

    ServingReadiness(ModelSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void check(UseCase useCase, ModelCard card, byte[] onnx) {
        ServingModel model = sessions.open(useCase, card, onnx);
        try {
            if (model.features != null) {
                float score = model.session.score(new float[1][model.features.width()])[0];
                if (!Float.isFinite(score))
                    throw new ModelException(useCase + " v" + card.version() + " scores a plain input as " + score);
            }
        } finally {
            model.release();
        }
    }
}
