package io.affinity.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.access.Roles;
import io.affinity.ingest.EventKind;
import io.affinity.models.UseCase;
import io.affinity.platform.QueryParams;
import io.affinity.segments.Fields;
import io.affinity.segments.SegmentMembers;
import io.affinity.segments.SegmentRefresh;
import io.affinity.segments.Segments;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The segments pages: every segment with its size; the builder (a rule made of conditions, counted live as it is
 * edited, saved over the JSON API); a segment's members sorted by a score with their reasons, its size over time,
 * and its export.
 */
@RolesAllowed(Roles.VIEWER)
@Path("/segments")
public class SegmentPages {

    static final int PAGE = 50;

    /** The members page's sort: one per probability use case, or by id. */
    public record Sort(String value, String label, boolean chosen) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Segments.Segment> segments);

        static native TemplateInstance builder(Segments.Segment segment, String setup);

        static native TemplateInstance segment(
                Segments.Segment segment,
                List<SegmentMembers.Member> members,
                List<String> useCases,
                List<Sort> sorts,
                String sort,
                int offset,
                int next,
                int previous,
                List<SegmentRefresh.Refresh> history,
                String sizeChart);
    }

    private final Segments segments;
    private final SegmentMembers members;
    private final SegmentRefresh refresh;
    private final ChartData charts;
    private final ObjectMapper json;
    private final SecurityIdentity identity;

    SegmentPages(
            Segments segments,
            SegmentMembers members,
            SegmentRefresh refresh,
            ChartData charts,
            ObjectMapper json,
            SecurityIdentity identity) {
        this.segments = segments;
        this.members = members;
        this.refresh = refresh;
        this.charts = charts;
        this.json = json;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        return Templates.list(segments.list());
    }

    /** The builder for a new segment. */
    @GET
    @Path("/new")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.MARKETER)
    public TemplateInstance create() {
        return Templates.builder(null, setup(null));
    }

    /** The builder on a saved segment's rule. */
    @GET
    @Path("/{id}/edit")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.MARKETER)
    public TemplateInstance edit(@PathParam("id") long id) {
        Segments.Segment s = segments.require(id);
        return Templates.builder(s, setup(s));
    }

    /** What the builder's script starts from: the fields, the event kinds, the other segments, the rule. */
    private String setup(Segments.Segment editing) {
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("fields", Fields.known());
        setup.put(
                "kinds",
                Arrays.stream(EventKind.values()).map(EventKind::dbName).toList());
        setup.put(
                "segments",
                segments.list().stream()
                        .filter(s -> editing == null || s.id() != editing.id())
                        .map(s -> Map.of("id", s.id(), "name", s.name()))
                        .toList());
        if (editing != null) {
            setup.put("id", editing.id());
            setup.put("name", editing.name());
            setup.put("description", editing.description() == null ? "" : editing.description());
            setup.put("rule", editing.rule());
        }
        try {
            return json.writeValueAsString(setup);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A segment's members, {@value #PAGE} a page, by id or highest score first with the reasons. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance segment(
            @PathParam("id") long id, @QueryParam("sort") String sortParam, @QueryParam("offset") String offsetParam) {
        Segments.Segment s = segments.require(id);
        List<String> useCases =
                UseCase.probabilities().stream().map(UseCase::id).toList();
        String sort = sortParam == null || sortParam.isBlank() ? useCases.get(0) + ".probability" : sortParam.strip();
        int offset = Math.max(0, QueryParams.wholeNumber("offset", offsetParam, 0));
        boolean byId = sort.equals("id");
        List<SegmentMembers.Member> page = members.page(id, byId ? null : sort, null, byId ? 0 : offset, PAGE);
        List<Sort> sorts = new java.util.ArrayList<>();
        for (String u : useCases)
            sorts.add(new Sort(u + ".probability", u + " probability", sort.equals(u + ".probability")));
        sorts.add(new Sort("id", "customer id", byId));
        List<SegmentRefresh.Refresh> history = refresh.history(id, 100);
        List<SegmentRefresh.Refresh> oldestFirst = new java.util.ArrayList<>(history);
        java.util.Collections.reverse(oldestFirst);
        String sizeChart = charts.json(new ChartData.Chart(
                "lines",
                true,
                oldestFirst.stream().map(r -> r.refreshedAt().getEpochSecond()).toList(),
                null,
                "members",
                List.of(new ChartData.Series(
                        "members",
                        oldestFirst.stream().map(SegmentRefresh.Refresh::size).toList()))));
        return Templates.segment(
                s,
                page,
                useCases,
                sorts,
                sort,
                offset,
                !byId && page.size() == PAGE ? offset + PAGE : -1,
                !byId && offset > 0 ? Math.max(0, offset - PAGE) : -1,
                history,
                sizeChart);
    }

    /** Refreshes the segment now, from its page. */
    @POST
    @Path("/{id}/refresh")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.MARKETER)
    public Response refreshNow(@PathParam("id") long id) {
        refresh.refresh(id, "on request by " + identity.getPrincipal().getName());
        return Response.seeOther(URI.create("/segments/" + id)).build();
    }
}
