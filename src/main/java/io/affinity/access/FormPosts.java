package io.affinity.access;

import io.affinity.platform.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Form bodies are for the dashboard's own pages, whose forms carry a CSRF token that quarkus-rest-csrf checks
 * against its cookie. That check refuses any form post without the cookie with an empty 400, which is no answer
 * for a script: so before it runs, a form body sent without the CSRF cookie (never one of our pages: they set it) is
 * a 415 that says what to send, and a form Content-Type on an empty body (rest clients and {@code curl -d ''} add
 * one) is dropped, since it carries nothing.
 */
public class FormPosts {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    static final String CSRF_COOKIE = "csrf-token";

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || SAFE.contains(request.getMethod()) || !isForm(type)) return null;
        if (request.getLength() == 0) {
            request.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
            return null;
        }
        if (request.getCookies().containsKey(CSRF_COOKIE)) return null;
        return Response.status(415)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(
                        "unsupported_media_type",
                        "Content-Type " + type.getType() + "/" + type.getSubtype() + " is not accepted here: send "
                                + "application/json (form bodies are taken only from the dashboard's own pages)"))
                .build();
    }

    private static boolean isForm(MediaType type) {
        return (type.getType().equals("application") && type.getSubtype().equals("x-www-form-urlencoded"))
                || (type.getType().equals("multipart") && type.getSubtype().equals("form-data"));
    }
}
