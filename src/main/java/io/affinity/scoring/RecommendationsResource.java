package io.affinity.scoring;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/customers/{id}/recommendations?k=10&category=shoes&maxPrice=50}. */
@ApiKeyRequired
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
            @QueryParam("k") @DefaultValue("10") int k,
            @QueryParam("category") String category,
            @QueryParam("maxPrice") Double maxPrice) {
        return recommend.recommend(customerId, k, category, maxPrice);
    }
}
