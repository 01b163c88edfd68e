package io.affinity.segments;

import com.fasterxml.jackson.databind.JsonNode;
import io.affinity.access.Roles;
import io.affinity.platform.QueryParams;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.net.URI;
import java.util.List;

/**
 * Segments over the API: the fields a rule may use, a live count and sample of a rule, saved segments, their
 * refresh, members and size over time. Viewers (and manage keys) read; marketers (and manage keys) change.
 */
@Path("/api/segments")
@Produces(MediaType.APPLICATION_JSON)
public class SegmentResource {

    private final Segments segments;
    private final SegmentRefresh refresh;
    private final SegmentExport export;
    private final SegmentMembers members;
    private final CustomerFacts facts;
    private final SecurityIdentity identity;

    SegmentResource(
            Segments segments,
            SegmentRefresh refresh,
            SegmentExport export,
            SegmentMembers members,
            CustomerFacts facts,
            SecurityIdentity identity) {
        this.facts = facts;
        this.segments = segments;
        this.refresh = refresh;
        this.export = export;
        this.members = members;
        this.identity = identity;
    }

    /** A rule, as sent to the live count. */
    public record RuleBody(JsonNode rule) {}

    @GET
    @Path("/fields")
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public List<Field> fields() {
        return Fields.known();
    }

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public Segments.Preview preview(RuleBody body) {
        return segments.preview(body == null ? null : body.rule());
    }

    /** The latest build of the customer facts that counts and refreshes read. */
    @GET
    @Path("/facts")
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public CustomerFacts.Build facts() {
        return facts.latest().orElseThrow(() -> new SegmentException(404, "the customer facts were never built"));
    }

    /** Rebuilds the customer facts now (they follow each aggregate refresh and batch run on their own). */
    @POST
    @Path("/facts")
    @RolesAllowed({Roles.MARKETER, Roles.MANAGE})
    public CustomerFacts.Build rebuildFacts() {
        return facts.build("on request by " + identity.getPrincipal().getName());
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public List<Segments.Segment> list() {
        return segments.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.MANAGE})
    public Response create(Segments.Draft draft) {
        Segments.Segment s = segments.create(draft, identity.getPrincipal().getName());
        return Response.created(URI.create("/api/segments/" + s.id())).entity(s).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public Segments.Segment get(@PathParam("id") long id) {
        return segments.require(id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.MANAGE})
    public Segments.Segment update(@PathParam("id") long id, Segments.Draft draft) {
        return segments.update(id, draft);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.MARKETER, Roles.MANAGE})
    public Response delete(@PathParam("id") long id) {
        segments.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/refresh")
    @RolesAllowed({Roles.MARKETER, Roles.MANAGE})
    public SegmentRefresh.Refresh refresh(@PathParam("id") long id) {
        return refresh.refresh(id, "on request by " + identity.getPrincipal().getName());
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public List<SegmentRefresh.Refresh> history(@PathParam("id") long id, @QueryParam("limit") String limit) {
        return refresh.history(id, limit(limit, 100, 1000));
    }

    @GET
    @Path("/{id}/members")
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public List<SegmentMembers.Member> members(
            @PathParam("id") long id,
            @QueryParam("sort") String sort,
            @QueryParam("after") String after,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        int skip = QueryParams.wholeNumber("offset", offset, 0);
        if (skip < 0) throw new SegmentException(400, "offset must be 0 or more, was " + skip);
        return members.page(id, sort, after, skip, limit(limit, 50, 1000));
    }

    @GET
    @Path("/{id}/changes")
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public List<SegmentRefresh.Change> changes(
            @PathParam("id") long id, @QueryParam("refresh") String refreshId, @QueryParam("limit") String limit) {
        Long at = refreshId == null || refreshId.isBlank()
                ? null
                : (long) QueryParams.wholeNumber("refresh", refreshId, 0);
        return refresh.changes(id, at, limit(limit, 100, 1000));
    }

    /** The members as of the latest refresh with their scores, as CSV, streamed (any size, constant memory). */
    @GET
    @Path("/{id}/export.csv")
    @Produces("text/csv")
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public Response export(@PathParam("id") long id) {
        export.check(id);
        StreamingOutput body = out -> export.write(id, out);
        return Response.ok(body)
                .type("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"segment-" + id + ".csv\"")
                .build();
    }

    private static int limit(String param, int absent, int max) {
        int asked = QueryParams.wholeNumber("limit", param, absent);
        if (asked < 1 || asked > max) throw new SegmentException(400, "limit must be in 1.." + max + ", was " + asked);
        return asked;
    }
}
