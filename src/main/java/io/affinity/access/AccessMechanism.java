package io.affinity.access;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * How a request says who sent it, for Quarkus Security (which has no API-key mechanism of its own): an API key as
 * {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}, or a dashboard session cookie. A request with
 * neither is anonymous, and every endpoint but the allow-listed ones refuses it; in open mode it may do everything.
 */
@ApplicationScoped
public class AccessMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(AccessMechanism.class);
    static final String API_KEY_HEADER = "X-API-Key";

    private final boolean open;

    AccessMechanism(AccessConfig config) {
        this.open = config.open();
        if (open) {
            LOG.warn("!!! affinity.access.open=true: ACCESS CONTROL IS OFF. Anyone who can reach this server may read "
                    + "every score, erase customers and create keys. Use it for local experiments only. !!!");
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        AuthenticationRequest request = credentialsOf(context.request());
        if (request == null) {
            return open
                    ? Uni.createFrom().item(Identities.open())
                    : Uni.createFrom().nullItem();
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(request, context));
    }

    /** An API key when one is sent (a script may also carry a stale cookie), else a session cookie, else none. */
    static AuthenticationRequest credentialsOf(HttpServerRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Credentials.ApiKeyRequest(authorization.substring(7).trim());
        }
        String header = request.getHeader(API_KEY_HEADER);
        if (header != null) return new Credentials.ApiKeyRequest(header.trim());
        Cookie session = request.getCookie(Sessions.COOKIE);
        if (session != null) return new Credentials.SessionRequest(session.getValue());
        return null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", AccessErrorMappers.CHALLENGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(Credentials.ApiKeyRequest.class, Credentials.SessionRequest.class);
    }
}
