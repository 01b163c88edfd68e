package io.affinity.ingest;

import io.affinity.platform.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps ingestion errors to their status with the JSON error body. */
public class IngestExceptionMapper {

    @ServerExceptionMapper
    public Response map(IngestException e) {
        Response.ResponseBuilder r = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(e.error(), e.getMessage()));
        if (e.status() == 401) {
            r.header("WWW-Authenticate", "Basic realm=\"affinity\"");
        }
        return r.build();
    }
}
