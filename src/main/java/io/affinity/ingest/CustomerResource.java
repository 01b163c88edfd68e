package io.affinity.ingest;

import io.affinity.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Right to erasure over HTTP: {@code DELETE /api/customers/{id}}. */
@RolesAllowed(Roles.ADMIN)
@Path("/api/customers")
public class CustomerResource {

    private final PrivacyService privacy;

    CustomerResource(PrivacyService privacy) {
        this.privacy = privacy;
    }

    @DELETE
    @Path("/{id}")
    public PrivacyService.Deletion delete(@PathParam("id") String customerId) {
        return privacy.deleteCustomer(customerId);
    }
}
