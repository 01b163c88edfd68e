package io.affinity.scoring;

import io.affinity.access.Roles;
import io.affinity.platform.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/customers/{id}/recommendations?k=10&category=shoes&maxPrice=50}. */
@RolesAllowed(Roles.SCORE)
@Path("/api/customers/{id}/recommendations")
@Produces(MediaType.APPLICATION_JSON)
public class RecommendationsResource {

    private final RecommendService recommend;

    RecommendationsResource(RecommendService recommend) {
        this.recommend = recommend;
    }

    @GET
    public Recommendations get(
            @PathParam("id") String customerId,
            @QueryParam("k") String k,
            @QueryParam("category") String category,
            @QueryParam("maxPrice") String maxPrice) {
        return recommend.recommend(
                customerId, QueryParams.wholeNumber("k", k, 10), category, QueryParams.number("maxPrice", maxPrice));
    }
}
