package io.affinity.scoring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Named;

/** The {@code score} function, invoked directly by backends: {@code {"useCase":"churn","customerId":"..."}}. */
@Named("score")
public class ScoreLambda implements RequestHandler<ScoreRequest, CustomerScore> {

    private final ScoringService scoring;

    ScoreLambda(ScoringService scoring) {
        this.scoring = scoring;
    }

    @Override
    public CustomerScore handleRequest(ScoreRequest request, Context context) {
        return scoring.score(request);
    }
}
