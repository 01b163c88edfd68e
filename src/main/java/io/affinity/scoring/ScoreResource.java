package io.affinity.scoring;

import io.affinity.access.Roles;
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

    private final ScoringService scoring;

    ScoreResource(ScoringService scoring) {
        this.scoring = scoring;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public CustomerScore score(ScoreRequest request) {
        return scoring.score(request);
    }
}
