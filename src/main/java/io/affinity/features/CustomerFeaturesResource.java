package io.affinity.features;

import io.affinity.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Read access to a customer's behavioural aggregates: {@code GET /api/customers/{id}/aggregates}. */
@RolesAllowed(Roles.MANAGE)
@Path("/api/customers/{id}/aggregates")
public class CustomerFeaturesResource {

    private final CustomerAggregateService aggregates;

    CustomerFeaturesResource(CustomerAggregateService aggregates) {
        this.aggregates = aggregates;
    }

    @GET
    public CustomerAggregate get(@PathParam("id") String customerId) {
        return aggregates
                .find(customerId)
                .orElseThrow(() -> new NotFoundException(
                        "no aggregates for customer '" + customerId + "' (unknown, deleted, or not refreshed yet)"));
    }
}
