package io.affinity.dashboard;

import io.affinity.access.Roles;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.IngestOverview;
import io.affinity.ingest.IngestOverviewQueries;
import io.affinity.segments.CustomerFacts;
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
    private final CustomerAggregateService aggregates;
    private final CustomerFacts facts;
    private final ChartData chartData;

    DashboardResource(
            IngestOverviewQueries queries,
            CustomerAggregateService aggregates,
            CustomerFacts facts,
            ChartData chartData) {
        this.queries = queries;
        this.aggregates = aggregates;
        this.facts = facts;
        this.chartData = chartData;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance index() {
        IngestOverview overview = queries.overview(Instant.now());
        // Customers as of the latest aggregate refresh: the facts built from it know how many without a count of every
        // customer's aggregates (70-100 ms at a million) on each view.
        long customers = facts.latest().map(b -> (long) b.customers()).orElseGet(aggregates::customers);
        return Templates.index(overview, customers, chartData.eventsPerDay(overview));
    }
}
