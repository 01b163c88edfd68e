package io.affinity.scoring;

import io.affinity.access.Roles;
import io.affinity.models.UseCase;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /api/scoring/batch {"useCase": "churn"}}: scores every customer now and answers when done; for
 * recommend and ctr ({@code "k": 10}) each customer's top products or promotions, read back with
 * {@code GET /api/customers/{id}/rankings/{useCase}}.
 */
@RolesAllowed(Roles.MANAGE)
@Path("/api/scoring/batch")
@Produces(MediaType.APPLICATION_JSON)
public class BatchScoringResource {

    /**
     * The request body.
     *
     * @param k recommend and ctr: products or promotions kept per customer (default 10)
     */
    public record BatchRequest(String useCase, Integer k) {}

    private final BatchScoringService batch;

    BatchScoringResource(BatchScoringService batch) {
        this.batch = batch;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public BatchScoringService.RunSummary run(BatchRequest request) {
        if (request == null || request.useCase() == null) throw new ScoringException(400, "'useCase' is required");
        return batch.scoreAll(
                UseCase.of(request.useCase()), request.k() == null ? BatchScoringService.DEFAULT_K : request.k());
    }
}
