package io.affinity.access;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Signing in to the dashboard and out of it. The forms carry a CSRF token (quarkus-rest-csrf checks every form
 * POST); the session cookie is HttpOnly, SameSite=Strict, and Secure when the request came over https.
 */
@Path("/")
public class LoginResource {

    private static final Logger LOG = Logger.getLogger(LoginResource.class);
    static final String WRONG = "Wrong user name or password.";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(String next, String error);
    }

    private final Users users;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    LoginResource(Users users, Sessions sessions, LoginThrottle throttle) {
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @GET
    @Path("/login")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@QueryParam("next") String next) {
        return Templates.login(safeNext(next), null);
    }

    /** Waits first when this name or address has failed often; then checks the password (bcrypt, off the event loop). */
    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> login(
            @RestForm("name") String name,
            @RestForm("password") String password,
            @RestForm("next") String next,
            HttpServerRequest request) {
        String address =
                request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
        boolean https = "https".equals(request.scheme());
        Duration wait = throttle.delayFor(name, address);
        Uni<Void> start = wait.isZero()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
        return start.emitOn(Infrastructure.getDefaultWorkerPool())
                .map(v -> attempt(name, password, safeNext(next), address, https));
    }

    private Response attempt(String name, String password, String next, String address, boolean https) {
        return users.verify(name, password)
                .map(user -> {
                    throttle.succeeded(name, address);
                    LOG.infof("User '%s' signed in", user.name());
                    return Response.seeOther(URI.create(next))
                            .cookie(sessionCookie(sessions.start(user.id()), https, -1))
                            .build();
                })
                .orElseGet(() -> {
                    throttle.failed(name, address);
                    LOG.infof("A sign-in failed from %s", address);
                    return Response.status(401)
                            .type(MediaType.TEXT_HTML)
                            .entity(Templates.login(next, WRONG))
                            .build();
                });
    }

    @POST
    @Path("/logout")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logout(@CookieParam(Sessions.COOKIE) String token, HttpServerRequest request) {
        sessions.end(token);
        return Response.seeOther(URI.create("/login"))
                .cookie(sessionCookie("", "https".equals(request.scheme()), 0))
                .build();
    }

    private static NewCookie sessionCookie(String token, boolean https, int maxAge) {
        return new NewCookie.Builder(Sessions.COOKIE)
                .value(token)
                .path("/")
                .httpOnly(true)
                .secure(https)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAge)
                .build();
    }

    /** Only a path on this server: "//evil.example" or "https://..." would make the login an open redirect. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
        return next;
    }
}
