package io.affinity.ingest;

import io.affinity.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Management of sources and write keys: create, list, add a key, revoke a key. */
@RolesAllowed(Roles.MANAGE)
@Path("/api/sources")
public class SourceResource {

    /** Body of a new source. */
    public record NewSource(String name) {}

    private final SourceService sources;

    SourceResource(SourceService sources) {
        this.sources = sources;
    }

    @GET
    public List<SourceService.SourceView> list() {
        return sources.list();
    }

    /** Creates a source and its first write key; the key is in this answer only. */
    @POST
    public Response create(NewSource body) {
        if (body == null) {
            throw IngestException.badRequest("expected a JSON body {\"name\": \"...\"}");
        }
        return Response.status(201).entity(sources.createSource(body.name())).build();
    }

    @POST
    @Path("/{id}/keys")
    public Response createKey(@PathParam("id") long sourceId) {
        return Response.status(201).entity(sources.createKey(sourceId)).build();
    }

    @DELETE
    @Path("/{id}/keys/{keyId}")
    public Response revoke(@PathParam("id") long sourceId, @PathParam("keyId") long keyId) {
        sources.revokeKey(sourceId, keyId);
        return Response.noContent().build();
    }
}
