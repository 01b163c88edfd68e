/**
 * Access control: who may call what. Backends and scripts send API keys (role score, manage, admin or metrics);
 * people sign in to the dashboard (role viewer, marketer or admin) with a password (bcrypt) and get a server-side
 * session; event producers keep their write keys (package ingest). {@link io.affinity.access.AccessMechanism} plugs
 * both credentials into Quarkus Security, endpoints state the permission they need with {@code @RolesAllowed}
 * ({@link io.affinity.access.Roles}), and an endpoint without a rule is refused. Owns the tables app_user, api_key
 * and user_session. Depends on platform only.
 */
package io.affinity.access;
