package io.affinity.campaigns;

import io.affinity.access.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.net.URI;
import java.util.List;

/**
 * Campaigns over the API: launch one on a segment, list them, read one's results, export its treated list. Viewers
 * (and manage keys) read; marketers (and manage keys) launch and delete.
 */
@Path("/api/campaigns")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    private final Campaigns campaigns;
    private final CampaignResults results;
    private final CampaignExport export;
    private final SecurityIdentity identity;

    CampaignResource(Campaigns campaigns, CampaignResults results, CampaignExport export, SecurityIdentity identity) {
        this.campaigns = campaigns;
        this.results = results;
        this.export = export;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public List<Campaigns.Campaign> list() {
        return campaigns.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.MARKETER, Roles.MANAGE})
    public Response create(Campaigns.Draft draft) {
        Campaigns.Campaign c = campaigns.create(draft, identity.getPrincipal().getName());
        return Response.created(URI.create("/api/campaigns/" + c.id()))
                .entity(c)
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public Campaigns.Campaign get(@PathParam("id") long id) {
        return campaigns.require(id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.MARKETER, Roles.MANAGE})
    public Response delete(@PathParam("id") long id) {
        campaigns.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/results")
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public CampaignResults.Results results(@PathParam("id") long id) {
        return results.of(id);
    }

    /** The treated customers as CSV, streamed; the holdout is not in it. */
    @GET
    @Path("/{id}/treated.csv")
    @Produces("text/csv")
    @RolesAllowed({Roles.VIEWER, Roles.MANAGE})
    public Response treated(@PathParam("id") long id) {
        Campaigns.Campaign campaign = export.check(id);
        StreamingOutput body = out -> export.writeTreated(campaign, out);
        return Response.ok(body)
                .type("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"campaign-" + id + "-treated.csv\"")
                .build();
    }
}
