package io.affinity.scoring;

import io.affinity.access.Roles;
import io.affinity.models.UseCase;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/customers/{id}/rankings/{useCase}}: the customer's products (recommend) or promotions (ctr) from
 * the newest batch run, precomputed, for backends that send campaigns in bulk.
 */
@RolesAllowed(Roles.SCORE)
@Path("/api/customers/{id}/rankings/{useCase}")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerRankingsResource {

    private final ScoreHistory history;

    CustomerRankingsResource(ScoreHistory batch) {
        this.history = batch;
    }

    @GET
    public ScoreHistory.Ranking ranking(@PathParam("id") String customerId, @PathParam("useCase") String useCase) {
        UseCase uc = UseCase.of(useCase);
        return history.latestRanking(customerId, uc)
                .orElseThrow(() -> new ScoringException(
                        404,
                        "no " + uc + " ranking for '" + customerId
                                + "': none of the batch runs (POST /api/scoring/batch) included them"));
    }
}
