package io.affinity.ingest;

import io.affinity.platform.QueryParams;
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
        int from = QueryParams.wholeNumber("offset", offset, 0);
        int n = QueryParams.wholeNumber("limit", limit, 100);
        if (from < 0 || n < 1 || n > 1000) {
            throw IngestException.badRequest("offset must be 0 or more and limit 1..1000");
        }
        return privacy.suppressions(from, n);
    }

    /** Lifts the suppression of one identity: 204, or 404 when it is not suppressed. */
    @DELETE
    @Path("/{identity}")
    public void lift(@PathParam("identity") String identity) {
        privacy.lift(identity);
    }
}
