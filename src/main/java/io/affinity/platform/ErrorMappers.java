package io.affinity.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The JSON error contract for everything a capability does not map itself: JAX-RS errors keep their status, bad
 * JSON bodies are 400, and anything unexpected is a 500 that names no class and no stack trace (those go to the log).
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // A JSON body Jackson could not read arrives wrapped; say where it broke, as for any bad JSON.
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof JsonProcessingException json) return badJson(json);
        }
        int status = e.getResponse().getStatus();
        String code = Response.Status.fromStatusCode(status) == null
                ? "error"
                : Response.Status.fromStatusCode(status).name().toLowerCase();
        return json(status, new ApiError(code, e.getMessage()));
    }

    /** Every capability's refusals (ApiException subtypes): their status, code, sentence and headers. */
    @ServerExceptionMapper
    public Response refused(ApiException e) {
        Response.ResponseBuilder r =
                Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.body());
        e.headers().forEach(r::header);
        return r.build();
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return json(400, new ApiError("bad_request", JsonErrors.describe(e, null)));
    }

    /**
     * A wrong type or an unknown field: Quarkus maps these to an empty 400 of its own, so they are claimed here
     * (the more specific exception type wins) and answered like any bad JSON.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return json(
                    400,
                    new ApiError(
                            "bad_request",
                            "unknown field \"" + unknown.getPropertyName() + "\""
                                    + JsonErrors.where(e.getLocation()) + "; known fields: "
                                    + unknown.getKnownPropertyIds()));
        }
        return badJson(e);
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected error", e);
        return json(500, new ApiError("internal_error", "the request could not be completed; it was logged"));
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(error)
                .build();
    }
}
