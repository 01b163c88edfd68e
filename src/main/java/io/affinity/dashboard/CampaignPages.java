package io.affinity.dashboard;

import io.affinity.access.Roles;
import io.affinity.campaigns.CampaignException;
import io.affinity.campaigns.CampaignResults;
import io.affinity.campaigns.Campaigns;
import io.affinity.campaigns.Lift;
import io.affinity.platform.QueryParams;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The campaigns pages: every campaign with its audience and arms, a form to launch one (marketers), and each
 * campaign's measured results treated against holdout, with the interval and the method that gave it.
 */
@RolesAllowed(Roles.VIEWER)
@Path("/campaigns")
public class CampaignPages {

    /** What the launch form was given, to show it again with the reason when it is refused. */
    public record Form(
            String name,
            String segmentId,
            String promotionId,
            String text,
            String startsAt,
            String endsAt,
            String holdout) {
        static Form blank() {
            return new Form("", "", "", "", "", "", "10");
        }

        /** Whether the segment was the one chosen, to keep it selected. */
        public boolean chose(long id) {
            return String.valueOf(id).equals(segmentId == null ? null : segmentId.strip());
        }
    }

    /** One outcome's row of the results table, formatted. */
    public record Outcome(
            String name,
            String treated,
            String holdout,
            String lift,
            String interval,
            String relative,
            String verdict,
            String method) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(
                List<Campaigns.Campaign> campaigns, List<Segments.Segment> segments, Form form, String error);

        static native TemplateInstance campaign(
                Campaigns.Campaign campaign, CampaignResults.Results results, List<Outcome> outcomes);
    }

    private final Campaigns campaigns;
    private final CampaignResults results;
    private final Segments segments;
    private final SecurityIdentity identity;

    CampaignPages(Campaigns campaigns, CampaignResults results, Segments segments, SecurityIdentity identity) {
        this.campaigns = campaigns;
        this.results = results;
        this.segments = segments;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        return Templates.list(campaigns.list(), segments.list(), Form.blank(), null);
    }

    /** The launch form: a campaign launched is shown; one refused is the form again with why (a 400). */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed(Roles.MARKETER)
    public Response launch(
            @RestForm String name,
            @RestForm String segmentId,
            @RestForm String promotionId,
            @RestForm String text,
            @RestForm String startsAt,
            @RestForm String endsAt,
            @RestForm String holdout) {
        Form form = new Form(name, segmentId, promotionId, text, startsAt, endsAt, holdout);
        try {
            Double share = QueryParams.number("holdout", holdout);
            // The form asks for a percentage; the API's share check would answer in its own terms (holdoutShare).
            if (share != null && !(share >= 0 && share <= 90))
                throw new CampaignException(400, "holdout: a percentage of the audience from 0 to 90, was " + holdout);
            Campaigns.Campaign c = campaigns.create(
                    new Campaigns.Draft(
                            name,
                            segmentId == null || segmentId.isBlank()
                                    ? null
                                    : (long) QueryParams.wholeNumber("segment", segmentId, 0),
                            new Campaigns.Offer(promotionId, text),
                            time("startsAt", startsAt),
                            time("endsAt", endsAt),
                            share == null ? null : share / 100,
                            null),
                    identity.getPrincipal().getName());
            return Response.seeOther(URI.create("/campaigns/" + c.id())).build();
        } catch (CampaignException | jakarta.ws.rs.BadRequestException e) {
            return Response.status(e instanceof CampaignException ce ? ce.status() : 400)
                    .entity(Templates.list(campaigns.list(), segments.list(), form, e.getMessage()))
                    .build();
        }
    }

    /** A datetime-local field, read as UTC (the form says so). */
    private static Instant time(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new CampaignException(400, field + ": '" + value + "' is not a date and time (2026-12-01T09:00)");
        }
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance campaign(@PathParam("id") long id) {
        Campaigns.Campaign c = campaigns.require(id);
        CampaignResults.Results r = results.of(id);
        List<Outcome> rows = new ArrayList<>();
        rows.add(rate("Conversion (an order in the window)", r.conversion()));
        if (r.clicks() != null)
            rows.add(rate("Clicked the promotion " + c.offer().promotionId(), r.clicks()));
        Lift m = r.revenuePerCustomer();
        rows.add(new Outcome(
                "Revenue per customer",
                Formats.money(m.treated()),
                Formats.money(m.holdout()),
                Formats.signedMoney(m.absolute()),
                m.low() == null ? "—" : Formats.signedMoney(m.low()) + " to " + Formats.signedMoney(m.high()),
                Formats.relative(m.relative()),
                verdict(m),
                m.method()));
        return Templates.campaign(c, r, rows);
    }

    private static Outcome rate(String name, Lift l) {
        return new Outcome(
                name,
                Formats.percent(l.treated()),
                Formats.percent(l.holdout()),
                Formats.points(l.absolute()),
                l.low() == null ? "—" : Formats.points(l.low()) + " to " + Formats.points(l.high()),
                Formats.relative(l.relative()),
                verdict(l),
                l.method());
    }

    private static String verdict(Lift l) {
        if (l.low() == null) return "not measurable yet (an arm is empty)";
        if (!l.significant()) return "not significant yet";
        return l.absolute() > 0 ? "significant: up" : "significant: down";
    }
}
