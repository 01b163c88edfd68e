package io.affinity.ingest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The Segment/RudderStack-compatible tracking API: {@code /v1/batch} (and its alias {@code /v1/import}, used by
 * analytics-java), {@code /v1/track}, {@code /v1/identify}, {@code /v1/page}, {@code /v1/screen},
 * {@code /v1/group}, {@code /v1/alias}.
 */
@Path("/v1")
public class TrackingResource {

    private final TrackingService tracking;

    TrackingResource(TrackingService tracking) {
        this.tracking = tracking;
    }

    @POST
    @Path("/{call}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response track(
            @PathParam("call") String call, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        // The HTTP layer caps bodies (quarkus.http.limits.max-body-size); the tracking limits are checked in the
        // parser.
        BatchResult result = tracking.track(call, authorization, body == null ? new byte[0] : body);
        return Response.status(result.httpStatus()).entity(result).build();
    }
}
