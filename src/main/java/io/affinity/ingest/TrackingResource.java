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
import java.io.IOException;
import java.io.InputStream;

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
            @PathParam("call") String call,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            InputStream body)
            throws IOException {
        // Read one byte past the limit: enough to refuse an oversized body without buffering all of it.
        byte[] bytes = body == null ? new byte[0] : body.readNBytes(RequestParser.MAX_BATCH_BYTES + 1);
        BatchResult result = tracking.track(call, authorization, bytes);
        return Response.status(result.httpStatus()).entity(result).build();
    }
}
