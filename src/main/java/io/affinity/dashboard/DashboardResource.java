package io.affinity.dashboard;

import io.affinity.access.Roles;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.IngestOverview;
import io.affinity.ingest.IngestOverviewQueries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** The dashboard's first page: what just happened in ingestion. */
@RolesAllowed(Roles.VIEWER)
@Path("/")
public class DashboardResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(IngestOverview overview, long customers, String chartJson);
    }

    private final IngestOverviewQueries queries;
    private final CustomerAggregateService customers;
    private final ChartData chartData;

    DashboardResource(IngestOverviewQueries queries, CustomerAggregateService customers, ChartData chartData) {
        this.queries = queries;
        this.customers = customers;
        this.chartData = chartData;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        IngestOverview overview = queries.overview(Instant.now());
        return Templates.index(overview, customers.customers(), chartData.eventsPerDay(overview));
    }
}
