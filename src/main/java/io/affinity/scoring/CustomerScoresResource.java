package io.affinity.scoring;

import io.affinity.access.Roles;
import io.affinity.models.ModelException;
import io.affinity.models.UseCase;
import io.affinity.platform.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/customers/{id}/scores}: churn and propensity at once; a use case without a model says why. */
@RolesAllowed(Roles.SCORE)
@Path("/api/customers/{id}/scores")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerScoresResource {

    /** Every customer score of a customer. */
    public record CustomerScores(
            String customerId, Map<String, CustomerScore> scores, Map<String, String> unavailable) {}

    private final ScoringService scoring;
    private final ScoreHistory history;

    CustomerScoresResource(ScoringService scoring, ScoreHistory batch) {
        this.scoring = scoring;
        this.history = batch;
    }

    /** The customer's batch scores over time, newest first: {@code ?useCase=churn&limit=30}. */
    @GET
    @Path("/history")
    public List<ScoreHistory.HistoryPoint> history(
            @PathParam("id") String customerId,
            @QueryParam("useCase") String useCase,
            @QueryParam("limit") String limitParam) {
        if (useCase == null || useCase.isBlank())
            throw new ScoringException(400, "query parameter useCase is required: churn or propensity");
        int limit = QueryParams.wholeNumber("limit", limitParam, 30);
        if (limit < 1 || limit > 1000) throw new ScoringException(400, "limit must be in 1..1000, was " + limit);
        return history.history(customerId, UseCase.of(useCase), limit);
    }

    @GET
    public CustomerScores scores(@PathParam("id") String customerId) {
        Map<String, CustomerScore> scores = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (UseCase useCase : UseCase.probabilities()) {
            try {
                scores.put(useCase.id(), scoring.score(useCase, customerId));
            } catch (NoModelException | ModelException e) {
                // One use case's broken or missing model never costs the other its answer.
                unavailable.put(useCase.id(), e.getMessage());
            }
        }
        return new CustomerScores(customerId, scores, unavailable);
    }
}
