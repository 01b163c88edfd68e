package io.affinity.access;

import io.affinity.platform.ApiError;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refusals in the API's terms: 401 says what to send, 403 which role the endpoint needs and who the caller is.
 * A page of the dashboard sends an anonymous browser to the login page instead.
 */
public class AccessErrorMappers {

    static final String CHALLENGE = "Bearer realm=\"affinity\"";
    static final String NEEDS_CREDENTIALS = "this needs credentials: an API key as 'Authorization: Bearer <key>' (or"
            + " 'X-API-Key: <key>'), or a dashboard session (sign in at /login)";

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper
    public Response anonymous(UnauthorizedException e, ResourceInfo resource, UriInfo uri) {
        return unauthorized(resource, uri, NEEDS_CREDENTIALS);
    }

    @ServerExceptionMapper
    public Response failed(AuthenticationFailedException e, ResourceInfo resource, UriInfo uri) {
        // The provider's message says which credential failed ("unknown or revoked API key"), never why in detail.
        String why = e.getMessage() == null ? "the credentials were not accepted" : e.getMessage();
        return unauthorized(resource, uri, why);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        String needed = neededRole(resource);
        String who = identity.getAttribute(Identities.DESCRIPTION) instanceof String s ? s : "this caller";
        String detail =
                needed == null ? who + " may not do this" : needsRole(needed) + "; this request came from " + who;
        return Response.status(403)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("forbidden", detail))
                .build();
    }

    /** "this needs the role 'manage' (an API key with role manage or admin, or ...)" */
    static String needsRole(String role) {
        return "this needs the role '" + role + "' (" + Roles.holdersOf(role) + ")";
    }

    private static Response unauthorized(ResourceInfo resource, UriInfo uri, String detail) {
        if (isPage(resource)) {
            String next = uri.getRequestUri().getRawPath()
                    + (uri.getRequestUri().getRawQuery() == null
                            ? ""
                            : "?" + uri.getRequestUri().getRawQuery());
            return Response.seeOther(URI.create("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)))
                    .build();
        }
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("unauthorized", detail))
                .build();
    }

    /** A dashboard page: it produces HTML. */
    private static boolean isPage(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) return false;
        Produces produces = method.getAnnotation(Produces.class);
        return produces != null && Arrays.asList(produces.value()).contains(MediaType.TEXT_HTML);
    }

    private static String neededRole(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) return null;
        RolesAllowed allowed = resource.getResourceMethod().getAnnotation(RolesAllowed.class);
        if (allowed == null) allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        return allowed == null || allowed.value().length == 0 ? null : String.join(" or ", allowed.value());
    }
}
