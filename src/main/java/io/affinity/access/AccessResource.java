package io.affinity.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** API keys and users, for admins; and "who am I" for any caller with credentials. */
@Path("/api")
public class AccessResource {

    private final ApiKeys keys;
    private final Users users;
    private final Sessions sessions;
    private final SecurityIdentity identity;

    AccessResource(ApiKeys keys, Users users, Sessions sessions, SecurityIdentity identity) {
        this.keys = keys;
        this.users = users;
        this.sessions = sessions;
        this.identity = identity;
    }

    public record NewKeyRequest(String name, String role) {}

    public record NewUserRequest(String name, String password, String role) {}

    public record PasswordRequest(String password) {}

    public record Me(String name, String caller, Set<String> permissions) {}

    @GET
    @Path("/me")
    @RolesAllowed("**")
    public Me me() {
        return new Me(
                identity.getPrincipal().getName(),
                identity.getAttribute(Identities.DESCRIPTION),
                new TreeSet<>(identity.getRoles()));
    }

    @GET
    @Path("/keys")
    @RolesAllowed(Roles.ADMIN)
    public List<ApiKeys.KeyView> keys() {
        return keys.list();
    }

    /** The answer is the only time the key is shown. */
    @POST
    @Path("/keys")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response createKey(NewKeyRequest body) {
        if (body == null) throw AccessException.badRequest("expected a JSON body {\"name\": ..., \"role\": ...}");
        ApiKeys.NewKey key =
                keys.create(body.name(), body.role(), identity.getPrincipal().getName());
        return Response.status(201).entity(key).build();
    }

    @DELETE
    @Path("/keys/{id}")
    @RolesAllowed(Roles.ADMIN)
    public ApiKeys.KeyView revokeKey(@PathParam("id") long id) {
        return keys.revoke(id);
    }

    @GET
    @Path("/users")
    @RolesAllowed(Roles.ADMIN)
    public List<Users.UserView> users() {
        return users.list();
    }

    @POST
    @Path("/users")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response createUser(NewUserRequest body) {
        if (body == null) {
            throw AccessException.badRequest("expected a JSON body {\"name\": ..., \"password\": ..., \"role\": ...}");
        }
        return Response.status(201)
                .entity(users.create(body.name(), body.password(), body.role()))
                .build();
    }

    /** A new password ends the user's sessions: whoever knew the old one is signed out. */
    @PUT
    @Path("/users/{id}/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Users.UserView setPassword(@PathParam("id") long id, PasswordRequest body) {
        if (body == null) throw AccessException.badRequest("expected a JSON body {\"password\": ...}");
        Users.UserView user = users.setPassword(id, body.password());
        sessions.endAllOf(id);
        return user;
    }

    @DELETE
    @Path("/users/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Response deleteUser(@PathParam("id") long id) {
        users.delete(id);
        return Response.noContent().build();
    }
}
