package io.affinity.platform;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a request whose decoded path or query parameters hold text PostgreSQL cannot take ({@code %00}, a broken
 * surrogate), before any resource looks it up or stores it: every id and name of every endpoint, checked once.
 */
public class StoredTextFilter {

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
            String problem = StoredText.problem(segment.getPath());
            if (problem != null) {
                return refuse("path segment '" + StoredText.visible(segment.getPath()) + "' " + problem);
            }
        }
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters(true);
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String problem = StoredText.problem(e.getKey());
            for (String v : e.getValue()) {
                problem = problem != null ? problem : StoredText.problem(v);
            }
            if (problem != null) {
                return refuse("query parameter " + StoredText.visible(e.getKey()) + " " + problem);
            }
        }
        return null;
    }

    private static Response refuse(String detail) {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("bad_request", detail))
                .build();
    }
}
