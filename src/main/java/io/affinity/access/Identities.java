package io.affinity.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Who a caller is, as Quarkus Security sees it: a principal, the permissions their role grants (checked by
 * {@code @RolesAllowed}), and in attributes what kind of caller they are and their role, for messages.
 */
public final class Identities {

    /** "API key 'ci' (role score)", "user 'ana' (role viewer)": how a 403 names the caller. */
    public static final String DESCRIPTION = "affinity.caller";

    private Identities() {}

    static SecurityIdentity of(ApiKeys.KeyHolder key) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("key:" + key.name()))
                .addRoles(key.role().grants())
                .addAttribute(DESCRIPTION, "the API key '" + key.name() + "' (role " + key.role() + ")")
                .build();
    }

    static SecurityIdentity of(Users.UserView user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name()))
                .addRoles(user.role().grants())
                .addAttribute(DESCRIPTION, "the user '" + user.name() + "' (role " + user.role() + ")")
                .addAttribute("affinity.user-id", user.id())
                .build();
    }

    /** Everything allowed: only with {@code affinity.access.open=true}, for local experiments. Made once. */
    private static final SecurityIdentity OPEN = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("open-mode"))
            .addRoles(Arrays.stream(Roles.UserRole.values())
                    .flatMap(r -> r.grants().stream())
                    .collect(Collectors.toSet()))
            .addAttribute(DESCRIPTION, "open mode")
            .build();

    static SecurityIdentity open() {
        return OPEN;
    }

    @ApplicationScoped
    static class ApiKeyProvider implements IdentityProvider<Credentials.ApiKeyRequest> {
        private final ApiKeys keys;

        ApiKeyProvider(ApiKeys keys) {
            this.keys = keys;
        }

        @Override
        public Class<Credentials.ApiKeyRequest> getRequestType() {
            return Credentials.ApiKeyRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(
                Credentials.ApiKeyRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> keys.holderOf(request.key)
                    .map(Identities::of)
                    .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked API key")));
        }
    }

    @ApplicationScoped
    static class SessionProvider implements IdentityProvider<Credentials.SessionRequest> {
        private final Sessions sessions;

        SessionProvider(Sessions sessions) {
            this.sessions = sessions;
        }

        @Override
        public Class<Credentials.SessionRequest> getRequestType() {
            return Credentials.SessionRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(
                Credentials.SessionRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> sessions.userOf(request.token)
                    .map(Identities::of)
                    .orElseThrow(() -> new AuthenticationFailedException("the session has ended: sign in again")));
        }
    }
}
