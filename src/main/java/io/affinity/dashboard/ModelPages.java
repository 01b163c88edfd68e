package io.affinity.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.access.Roles;
import io.affinity.models.ModelEvent;
import io.affinity.models.ModelException;
import io.affinity.models.ModelRegistry;
import io.affinity.models.ModelVersion;
import io.affinity.models.UnknownModelException;
import io.affinity.models.UseCase;
import io.affinity.scoring.BatchScoringService;
import io.affinity.scoring.ScoredPopulation;
import io.affinity.scoring.ScoringConfig;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Model quality, per use case: its versions with their status and history, the primary metric of each version
 * beside its baseline, the latest batch run's score distribution and input drift; per version, what its card says
 * (curves, reliability, lift and gains, the confusion matrix at the band cut-offs, data window, protocol, training
 * time). Admins promote and roll back here, with the API's checks and a confirmation.
 */
@RolesAllowed(Roles.VIEWER)
@Path("/models")
public class ModelPages {

    /** A use case on the overview. */
    public record Summary(
            String id, String kind, int versions, ModelViews.VersionRow production, ScoredPopulation run) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Summary> useCases);

        static native TemplateInstance useCase(
                String useCase,
                List<ModelViews.VersionRow> versions,
                List<ModelEvent> history,
                String metricChart,
                ScoredPopulation run,
                String histogramChart,
                List<ModelViews.HistogramBin> histogram,
                List<ModelViews.Drift> drift,
                String driftRule);

        static native TemplateInstance version(
                String useCase,
                ModelViews.VersionRow row,
                List<ModelViews.Fact> facts,
                boolean ranking,
                List<ModelViews.Figure> figures,
                List<ModelViews.Confusion> confusion,
                List<ModelViews.Decile> deciles,
                List<ModelViews.Bin> calibration,
                List<ModelViews.Algorithm> algorithms,
                String rocChart,
                String prChart,
                String reliabilityChart,
                String gainsChart,
                boolean canRollBack,
                String message,
                String error);
    }

    private final ModelRegistry registry;
    private final BatchScoringService batch;
    private final ScoringConfig scoring;
    private final ChartData charts;
    private final ObjectMapper json;
    private final SecurityIdentity identity;

    ModelPages(
            ModelRegistry registry,
            BatchScoringService batch,
            ScoringConfig scoring,
            ChartData charts,
            ObjectMapper json,
            SecurityIdentity identity) {
        this.registry = registry;
        this.batch = batch;
        this.scoring = scoring;
        this.charts = charts;
        this.json = json;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        List<Summary> out = new ArrayList<>();
        for (UseCase u : UseCase.ALL) {
            List<ModelVersion> versions = registry.list(u);
            ModelViews.VersionRow production = versions.stream()
                    .filter(v -> "production".equals(v.status))
                    .findFirst()
                    .map(v -> ModelViews.row(v, card(v)))
                    .orElse(null);
            out.add(new Summary(
                    u.id(),
                    kind(u),
                    versions.size(),
                    production,
                    batch.latestRun(u).orElse(null)));
        }
        return Templates.list(out);
    }

    private static String kind(UseCase u) {
        if (u instanceof UseCase.Probability p) return "probability that " + p.outcome();
        if (u instanceof UseCase.PromotionRanking) return "click probability of each running promotion";
        return "products ranked for each customer";
    }

    @GET
    @Path("/{useCase}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance useCase(@PathParam("useCase") String id) {
        UseCase u = UseCase.of(id);
        List<ModelVersion> versions = new ArrayList<>(registry.list(u));
        versions.sort(Comparator.comparingInt(v -> v.id.version()));
        List<ModelViews.VersionRow> rows = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        List<Double> metric = new ArrayList<>(), baseline = new ArrayList<>();
        for (ModelVersion v : versions) {
            JsonNode card = card(v);
            rows.add(ModelViews.row(v, card));
            at.add(v.createdAt.getEpochSecond());
            metric.add(v.primaryValue);
            baseline.add(ModelViews.baselineValue(card));
        }
        String name = versions.isEmpty() ? "primary metric" : versions.get(versions.size() - 1).primaryMetric;
        String metricChart = charts.json(new ChartData.Chart(
                "lines",
                true,
                at,
                null,
                name,
                List.of(new ChartData.Series(name, metric), new ChartData.Series("baseline", baseline))));
        ScoredPopulation run = batch.latestRun(u).orElse(null);
        return Templates.useCase(
                u.id(),
                reversed(rows),
                registry.history(u),
                metricChart,
                run,
                run == null || run.histogram().isEmpty() ? null : charts.json(ModelViews.histogram(run)),
                run == null ? List.of() : ModelViews.histogramBins(run),
                run == null ? List.of() : ModelViews.drift(run),
                ModelViews.driftRule());
    }

    @GET
    @Path("/{useCase}/{version}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance version(
            @PathParam("useCase") String id, @PathParam("version") int version, @QueryParam("done") String done) {
        return versionPage(id, version, done == null ? null : "Done: " + done + ".", null);
    }

    private TemplateInstance versionPage(String id, int version, String message, String error) {
        UseCase u = UseCase.of(id);
        ModelVersion v = registry.list(u).stream()
                .filter(m -> m.id.version() == version)
                .findFirst()
                .orElseThrow(() -> new UnknownModelException("there is no " + u.id() + " v" + version));
        JsonNode card = card(v);
        boolean ranking = card.path("metrics").has("test");
        JsonNode holdout = card.path("metrics").path("holdout");
        Optional<ModelVersion> production = registry.list(u).stream()
                .filter(m -> "production".equals(m.status))
                .findFirst();
        boolean canRollBack = v.promotedAt != null
                && production.map(p -> p.id.version() > version).orElse(false);
        return Templates.version(
                u.id(),
                ModelViews.row(v, card),
                ModelViews.facts(card),
                ranking,
                ranking ? ModelViews.rankingFigures(card) : ModelViews.classifierFigures(card),
                ranking
                        ? List.of()
                        : List.of(
                                ModelViews.confusionAt(card, "medium band and above", scoring.bandMedium()),
                                ModelViews.confusionAt(card, "high band", scoring.bandHigh())),
                ModelViews.deciles(card),
                ModelViews.calibration(card),
                ModelViews.algorithms(card),
                ranking
                        ? null
                        : charts.json(ModelViews.curve(
                                holdout.path("roc"), "false positive rate", "true positive rate", "model", true)),
                ranking ? null : charts.json(ModelViews.pr(holdout.path("pr"))),
                ranking || holdout.path("calibration").isEmpty() ? null : charts.json(ModelViews.reliability(card)),
                ranking ? null : charts.json(ModelViews.gains(card)),
                canRollBack,
                message,
                error);
    }

    /** Promotes a version, with the API's checks; the page asked for a reason and a confirmation. */
    @POST
    @Path("/{useCase}/{version}/promote")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.ADMIN)
    public Response promote(
            @PathParam("useCase") String id,
            @PathParam("version") int version,
            @RestForm String reason,
            @RestForm String confirm) {
        return decide(id, version, reason, confirm, true);
    }

    /** Puts back an earlier production version, with the API's checks and a confirmation. */
    @POST
    @Path("/{useCase}/{version}/rollback")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.ADMIN)
    public Response rollback(
            @PathParam("useCase") String id,
            @PathParam("version") int version,
            @RestForm String reason,
            @RestForm String confirm) {
        return decide(id, version, reason, confirm, false);
    }

    private Response decide(String id, int version, String reason, String confirm, boolean promote) {
        UseCase u = UseCase.of(id);
        String verb = promote ? "promote" : "roll back to";
        if (!"yes".equals(confirm))
            return Response.status(400)
                    .entity(versionPage(id, version, null, "Tick the confirmation to " + verb + " v" + version + "."))
                    .build();
        String why = (reason == null || reason.isBlank()
                        ? (promote ? "promoted" : "rolled back") + " on the model page"
                        : reason.strip())
                + " (by " + identity.getPrincipal().getName() + ")";
        try {
            if (promote) registry.promote(u, version, why);
            else registry.rollback(u, version, why);
        } catch (ModelException e) {
            return Response.status(e.status())
                    .entity(versionPage(id, version, null, e.getMessage()))
                    .build();
        }
        String done = promote ? "promoted" : "rolled-back";
        return Response.seeOther(URI.create("/models/" + u.id() + "/" + version + "?done=" + done))
                .build();
    }

    private static <T> List<T> reversed(List<T> in) {
        List<T> out = new ArrayList<>(in);
        java.util.Collections.reverse(out);
        return out;
    }

    private JsonNode card(ModelVersion v) {
        try {
            return json.readTree(v.card);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(v.id.useCase() + " v" + v.id.version() + ": unreadable card", e);
        }
    }
}
