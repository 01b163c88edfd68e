package io.affinity.dashboard;

import io.affinity.access.Roles;
import io.affinity.campaigns.Campaigns;
import io.affinity.features.CustomerAggregateService;
import io.affinity.features.CustomerTimeline;
import io.affinity.ingest.CustomerProfiles;
import io.affinity.models.UseCase;
import io.affinity.platform.ApiException;
import io.affinity.scoring.CustomerScore;
import io.affinity.scoring.RecommendService;
import io.affinity.scoring.Recommendations;
import io.affinity.scoring.ScoringService;
import io.affinity.segments.Segments;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The customer page: who they are (profile, traits, identities), what they did lately, their scores with the reasons
 * in words, their recommendations, and the segments and campaigns they are in; found by id or by a trait.
 */
@RolesAllowed(Roles.VIEWER)
@Path("/customers")
public class CustomerPages {

    static final int EVENTS = 50;

    /** A score of the customer, or why there is none. */
    public record Score(String useCase, CustomerScore score, String unavailable) {}

    /** A trait as the page lists it: its name and its value as text. */
    public record Trait(String name, String value) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance search(String q, String trait, List<String> found, String message);

        static native TemplateInstance customer(
                String id,
                CustomerProfiles.Profile profile,
                List<Trait> traits,
                List<String> aliases,
                List<CustomerTimeline.Event> events,
                List<Score> scores,
                Recommendations recommendations,
                String noRecommendations,
                List<Segments.Membership> segments,
                List<Campaigns.Membership> campaigns);
    }

    private final CustomerProfiles profiles;
    private final CustomerTimeline timeline;
    private final CustomerAggregateService aggregates;
    private final ScoringService scoring;
    private final RecommendService recommend;
    private final Segments segments;
    private final Campaigns campaigns;

    CustomerPages(
            CustomerProfiles profiles,
            CustomerTimeline timeline,
            CustomerAggregateService aggregates,
            ScoringService scoring,
            RecommendService recommend,
            Segments segments,
            Campaigns campaigns) {
        this.profiles = profiles;
        this.timeline = timeline;
        this.aggregates = aggregates;
        this.scoring = scoring;
        this.recommend = recommend;
        this.segments = segments;
        this.campaigns = campaigns;
    }

    /** Finds a customer: {@code q} as their id, else as the value of the trait (e-mail by default). */
    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response search(@QueryParam("q") String q, @QueryParam("trait") String trait) {
        String name = trait == null || trait.isBlank() ? "email" : trait.strip();
        if (q == null || q.isBlank())
            return Response.ok(Templates.search("", name, List.of(), null)).build();
        String value = q.strip();
        if (exists(value)) return Response.seeOther(page(value)).build();
        List<String> found = profiles.withTrait(name, value, 50);
        if (found.size() == 1) return Response.seeOther(page(found.get(0))).build();
        String message = found.isEmpty()
                ? "No customer has the id '" + value + "' or the trait " + name + " = '" + value + "'."
                : found.size() + (found.size() == 50 ? " or more" : "") + " customers have " + name + " = '" + value
                        + "'.";
        return Response.ok(Templates.search(value, name, found, message)).build();
    }

    private static java.net.URI page(String id) {
        return UriBuilder.fromPath("/customers/{id}").build(id);
    }

    private boolean exists(String id) {
        return profiles.find(id).isPresent() || aggregates.find(id).isPresent();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response customer(@PathParam("id") String id) {
        var profile = profiles.find(id).orElse(null);
        List<CustomerTimeline.Event> events = timeline.recent(id, EVENTS);
        if (profile == null && events.isEmpty() && aggregates.find(id).isEmpty())
            return Response.status(404)
                    .entity(Templates.search(id, "email", List.of(), "No customer has the id '" + id + "'."))
                    .build();
        List<Trait> traits = new ArrayList<>();
        if (profile != null)
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> t : iterable(profile.traits()))
                traits.add(new Trait(
                        t.getKey(),
                        t.getValue().isValueNode()
                                ? t.getValue().asText()
                                : t.getValue().toString()));
        List<Score> scores = new ArrayList<>();
        for (UseCase u : UseCase.probabilities()) {
            try {
                scores.add(new Score(u.id(), scoring.score(u, id), null));
            } catch (ApiException e) {
                scores.add(new Score(u.id(), null, e.getMessage()));
            }
        }
        Recommendations recs = null;
        String noRecs = null;
        try {
            recs = recommend.recommend(id, 5, null, null);
        } catch (ApiException e) {
            noRecs = e.getMessage();
        }
        return Response.ok(Templates.customer(
                        id,
                        profile,
                        traits,
                        timeline.aliases(id),
                        events,
                        scores,
                        recs,
                        noRecs,
                        segments.of(id),
                        campaigns.of(id)))
                .build();
    }

    private static Iterable<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> iterable(
            com.fasterxml.jackson.databind.JsonNode node) {
        return node::fields;
    }
}
