package io.affinity.scoring;

import io.affinity.platform.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Scoring errors for every endpoint: bad requests keep their status; no servable model is 503 with the reason. */
public class ScoringExceptionMappers {

    @ServerExceptionMapper
    public Response refused(ScoringException e) {
        String code = switch (e.status()) {
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 410 -> "gone";
            default -> "bad_request";
        };
        return json(e.status(), new ApiError(code, e.getMessage()));
    }

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
