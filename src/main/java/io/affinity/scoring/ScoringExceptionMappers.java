package io.affinity.scoring;

import io.affinity.platform.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** No servable model is a 503 with the reason (ScoringException is answered by the common contract). */
public class ScoringExceptionMappers {

    @ServerExceptionMapper
    public Response noModel(NoModelException e) {
        return json(503, new ApiError("no_model", e.getMessage()));
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(error)
                .build();
    }
}
