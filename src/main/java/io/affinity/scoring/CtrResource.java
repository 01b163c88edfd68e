package io.affinity.scoring;

import io.affinity.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code POST /api/ctr {"customerId": "...", "promotions": ["campaign-1", ...]}}: the candidates by click probability. */
@RolesAllowed(Roles.SCORE)
@Path("/api/ctr")
@Produces(MediaType.APPLICATION_JSON)
public class CtrResource {

    /** The request body. */
    public record RankRequest(String customerId, List<String> promotions) {}

    private final CtrService ctr;

    CtrResource(CtrService ctr) {
        this.ctr = ctr;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public AdRanking rank(RankRequest request) {
        if (request == null) throw new ScoringException(400, "a JSON body with customerId and promotions is required");
        return ctr.rank(request.customerId(), request.promotions());
    }
}
