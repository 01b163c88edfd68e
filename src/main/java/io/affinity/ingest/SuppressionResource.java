package io.affinity.ingest;

import io.affinity.access.Roles;
import io.affinity.platform.QueryParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;

/**
 * The suppression list over HTTP: identities erased on request, whose events are not ingested. Listed in pages;
 * lifting one lets new events about it in again (what was erased stays erased).
 */
@RolesAllowed(Roles.ADMIN)
@Path("/api/suppressions")
public class SuppressionResource {

    private final PrivacyService privacy;

    SuppressionResource(PrivacyService privacy) {
        this.privacy = privacy;
    }

    /** {@code ?offset=0&limit=100} (limit up to 1000), oldest first. */
    @GET
    public List<PrivacyService.Suppression> list(
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        QueryParams.Page page = QueryParams.page(offset, limit);
        return privacy.suppressions(page.offset(), page.limit());
    }

    /** Lifts the suppression of one identity: 204, or 404 when it is not suppressed. */
    @DELETE
    @Path("/{identity}")
    public void lift(@PathParam("identity") String identity) {
        privacy.lift(identity);
    }
}
