package io.affinity.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.platform.ApiError;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refusals of the routes outside JAX-RS (metrics, OpenAPI, Swagger UI), which path rules guard: the same JSON as
 * {@link AccessErrorMappers} gives, instead of an empty answer.
 */
@ApplicationScoped
class RouteRefusals {

    private final ObjectMapper json;

    RouteRefusals(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).failureHandler(this::refuse);
    }

    private void refuse(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (rc.response().headWritten()) {
            rc.next();
        } else if (failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException) {
            String why = failure instanceof AuthenticationFailedException && failure.getMessage() != null
                    ? failure.getMessage()
                    : AccessErrorMappers.NEEDS_CREDENTIALS;
            rc.response().putHeader("WWW-Authenticate", AccessErrorMappers.CHALLENGE);
            answer(rc, 401, new ApiError("unauthorized", why));
        } else if (failure instanceof ForbiddenException) {
            String path = rc.normalizedPath();
            String detail = path.startsWith("/q/metrics")
                    ? AccessErrorMappers.needsRole(Roles.METRICS)
                    : "this caller may not read " + path;
            answer(rc, 403, new ApiError("forbidden", detail));
        } else {
            rc.next();
        }
    }

    private void answer(RoutingContext rc, int status, ApiError error) {
        try {
            rc.response()
                    .setStatusCode(status)
                    .putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(error));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            rc.response().setStatusCode(status).end();
        }
    }
}
