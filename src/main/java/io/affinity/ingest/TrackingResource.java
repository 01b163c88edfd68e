package io.affinity.ingest;

import io.affinity.access.ApiSecurity;
import io.affinity.platform.DecodesContent;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The Segment/RudderStack-compatible tracking API: {@code /v1/batch} (and its alias {@code /v1/import}, used by
 * analytics-java), {@code /v1/track}, {@code /v1/identify}, {@code /v1/page}, {@code /v1/screen},
 * {@code /v1/group}, {@code /v1/alias}.
 */
@PermitAll
@SecurityRequirement(name = ApiSecurity.WRITE_KEY)
@Path("/v1")
public class TrackingResource {

    private final TrackingService tracking;

    TrackingResource(TrackingService tracking) {
        this.tracking = tracking;
    }

    /**
     * Non-blocking on purpose: Quarkus REST then reads the whole body on the I/O thread (up to
     * {@code quarkus.rest.input-buffer-size}) before the work moves to a worker thread. A blocking method would read
     * it on the worker as a stream fed chunk by chunk from the I/O thread, a thread hand-off per chunk
     * (IngestBenchmark measured that at about a tenth of the application's CPU per event).
     */
    @POST
    @Path("/{call}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @NonBlocking
    @DecodesContent
    public Uni<Response> track(
            @PathParam("call") String call,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            byte[] body) {
        // The HTTP layer caps bodies (quarkus.http.limits.max-body-size); the tracking limits are checked in the
        // parser.
        return Uni.createFrom()
                .item(() -> {
                    BatchResult result = tracking.track(
                            call, authorization, contentType, contentEncoding, body == null ? new byte[0] : body);
                    return Response.status(result.httpStatus()).entity(result).build();
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
