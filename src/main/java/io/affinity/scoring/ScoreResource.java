package io.affinity.scoring;

import io.affinity.access.Roles;
import io.affinity.models.UseCase;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /api/score}: one use case's score for one customer. */
@RolesAllowed(Roles.SCORE)
@Path("/api/score")
@Produces(MediaType.APPLICATION_JSON)
public class ScoreResource {

    /**
     * The body of {@code POST /api/score}.
     *
     * @param reasons false to skip the reasons (only probability and band); absent means true
     */
    public record ScoreRequest(String useCase, String customerId, Boolean reasons) {

        boolean explain() {
            return reasons == null || reasons;
        }
    }

    private final ScoringService scoring;

    ScoreResource(ScoringService scoring) {
        this.scoring = scoring;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public CustomerScore score(ScoreRequest request) {
        if (request == null || request.useCase() == null)
            throw new ScoringException(400, "a JSON body with useCase and customerId is required");
        return scoring.score(UseCase.of(request.useCase()), request.customerId(), request.explain());
    }
}
