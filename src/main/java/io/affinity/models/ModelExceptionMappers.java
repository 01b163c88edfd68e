package io.affinity.models;

import io.affinity.platform.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Registry errors for every endpoint: unknown use cases and versions are 404, a
 * promotion or rollback that changes nothing or goes the wrong way 409, unusable models 422. */
public class ModelExceptionMappers {

    @ServerExceptionMapper
    public Response unknown(UnknownModelException e) {
        return json(404, new ApiError("not_found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(ModelConflictException e) {
        return json(409, new ApiError("conflict", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response broken(ModelException e) {
        return json(422, new ApiError("model_error", e.getMessage()));
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(error)
                .build();
    }
}
