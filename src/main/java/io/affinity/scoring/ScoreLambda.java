package io.affinity.scoring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.affinity.models.UseCase;
import jakarta.inject.Named;

/** The {@code score} function, invoked directly by backends: {@code {"useCase":"churn","customerId":"..."}}. */
@Named("score")
public class ScoreLambda implements RequestHandler<ScoreResource.ScoreRequest, CustomerScore> {

    private final ScoringService scoring;

    ScoreLambda(ScoringService scoring) {
        this.scoring = scoring;
    }

    @Override
    public CustomerScore handleRequest(ScoreResource.ScoreRequest request, Context context) {
        if (request == null || request.useCase() == null)
            throw new ScoringException(400, "'useCase' and 'customerId' are required");
        return scoring.score(UseCase.of(request.useCase()), request.customerId(), request.explain());
    }
}
