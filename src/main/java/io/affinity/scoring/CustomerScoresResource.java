package io.affinity.scoring;

import io.affinity.models.UseCase;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/customers/{id}/scores}: churn and propensity at once; a use case without a model says why. */
@Path("/api/customers/{id}/scores")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerScoresResource {

    /** Every customer score of a customer. */
    public record CustomerScores(
            String customerId, Map<String, CustomerScore> scores, Map<String, String> unavailable) {}

    private final ScoringService scoring;

    CustomerScoresResource(ScoringService scoring) {
        this.scoring = scoring;
    }

    @GET
    public CustomerScores scores(@PathParam("id") String customerId) {
        Map<String, CustomerScore> scores = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (UseCase useCase : new UseCase[] {UseCase.CHURN, UseCase.PROPENSITY}) {
            try {
                scores.put(useCase.id(), scoring.score(useCase, customerId));
            } catch (NoModelException e) {
                unavailable.put(useCase.id(), e.getMessage());
            }
        }
        return new CustomerScores(customerId, scores, unavailable);
    }
}
