package io.affinity.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** An encoded body sent to an endpoint that does not decode one is a 415 that says so, not a garbled JSON error. */
public class ContentEncodingFilter {

    @ServerRequestFilter
    public Response check(ContainerRequestContext request, ResourceInfo resource) {
        String coding = request.getHeaderString(HttpHeaders.CONTENT_ENCODING);
        if (coding == null || coding.isBlank() || coding.strip().equalsIgnoreCase("identity")) {
            return null;
        }
        if (resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(DecodesContent.class)) {
            return null;
        }
        return Response.status(415)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(
                        "unsupported_media_type",
                        "Content-Encoding " + coding.strip() + " is not accepted by " + request.getMethod() + " "
                                + request.getUriInfo().getPath()
                                + ": send the body uncompressed (gzip is taken by the tracking API and uploads)"))
                .build();
    }
}
