package io.affinity.access;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Who may do what. An endpoint names the permission it needs ({@code @RolesAllowed(Roles.MANAGE)}); an API key's role
 * or a person's role grants a set of permissions. Higher roles include the lower ones.
 */
public final class Roles {

    /** Read scores, recommendations and click rates. */
    public static final String SCORE = "score";
    /** Training, models, imports, sources. */
    public static final String MANAGE = "manage";
    /** API keys, users, erasure, suppressions. */
    public static final String ADMIN = "admin";
    /** The Prometheus metrics. */
    public static final String METRICS = "metrics";
    /** The dashboard's pages. */
    public static final String VIEWER = "viewer";
    /** The marketer's work in the dashboard (segments, campaigns). */
    public static final String MARKETER = "marketer";

    private Roles() {}

    /** The role of an API key (backends, scripts, a metrics scraper). */
    public enum KeyRole {
        score(SCORE),
        manage(SCORE, MANAGE),
        admin(SCORE, MANAGE, ADMIN, METRICS),
        metrics(METRICS);

        private final Set<String> grants;

        KeyRole(String... grants) {
            this.grants = Set.of(grants);
        }

        public Set<String> grants() {
            return grants;
        }
    }

    /** The role of a person who signs in to the dashboard. */
    public enum UserRole {
        viewer(VIEWER),
        marketer(VIEWER, MARKETER, SCORE),
        admin(VIEWER, MARKETER, SCORE, MANAGE, ADMIN, METRICS);

        private final Set<String> grants;

        UserRole(String... grants) {
            this.grants = Set.of(grants);
        }

        public Set<String> grants() {
            return grants;
        }
    }

    /** For a 403: who holds a permission, in words ("an API key with role manage or admin, or a user with role admin"). */
    public static String holdersOf(String permission) {
        List<String> keys = Arrays.stream(KeyRole.values())
                .filter(r -> r.grants.contains(permission))
                .map(Enum::name)
                .toList();
        List<String> users = Arrays.stream(UserRole.values())
                .filter(r -> r.grants.contains(permission))
                .map(Enum::name)
                .toList();
        StringBuilder who = new StringBuilder();
        if (!keys.isEmpty()) who.append("an API key with role ").append(String.join(" or ", keys));
        if (!users.isEmpty()) {
            if (who.length() > 0) who.append(", or ");
            who.append("a signed-in user with role ").append(String.join(" or ", users));
        }
        return who.toString();
    }
}
