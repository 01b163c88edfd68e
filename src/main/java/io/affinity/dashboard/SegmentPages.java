package io.affinity.dashboard;

import io.affinity.access.Roles;
import io.affinity.segments.Segments;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The segments page: every segment with its size and what changed at its latest refresh. */
@RolesAllowed(Roles.VIEWER)
@Path("/segments")
public class SegmentPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Segments.Segment> segments);
    }

    private final Segments segments;

    SegmentPages(Segments segments) {
        this.segments = segments;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        return Templates.list(segments.list());
    }
}
