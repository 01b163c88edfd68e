package io.affinity.training;

import io.affinity.access.Roles;
import io.affinity.platform.ApiError;
import io.affinity.training.errors.TrainingException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Training over HTTP: {@code POST /api/training/events} trains a use case on the event store,
 * {@code POST /api/training/table} on a CSV (a server path or an s3:// location). Both are checked at once and run as
 * jobs ({@link TrainingJobs}): 202 with a Location to follow, stop and read the result.
 */
@RolesAllowed(Roles.MANAGE)
@Path("/api/training")
public class TrainingResource {

    private final TrainingJobs jobs;
    private final TrainingControl control;

    TrainingResource(TrainingJobs jobs, TrainingControl control) {
        this.jobs = jobs;
        this.control = control;
    }

    /** Queues a training on the event store: 202 with the job and its Location; a bad request is a 400 at once. */
    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response events(EventJob job) {
        if (job == null) throw new TrainingException("a JSON body with useCase is required");
        return accepted(jobs.submit(job));
    }

    /** Queues a training on a table (read once now, so a missing file or column is a 400 at once). */
    @POST
    @Path("/table")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response table(TableJob job) {
        if (job == null) throw new TrainingException("a JSON body with useCase, table and schema is required");
        return accepted(jobs.submit(job));
    }

    private static Response accepted(TrainingJobs.View job) {
        return Response.accepted(job)
                .location(java.net.URI.create("/api/training/" + job.id()))
                .build();
    }

    /** A training job: status (queued, running, done, failed, lost), its latest progress lines, its result. */
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public TrainingJobs.View job(@PathParam("id") long id) {
        return jobs.find(id).orElseThrow(() -> new NotFoundException("no training job " + id));
    }

    /** Stops one job early: it still evaluates and registers what it trained (202); 409 once it has ended. */
    @POST
    @Path("/{id}/stop")
    @Produces(MediaType.APPLICATION_JSON)
    public Response stopJob(@PathParam("id") long id) {
        try {
            return Response.accepted(jobs.stop(id).orElseThrow(() -> new NotFoundException("no training job " + id)))
                    .build();
        } catch (IllegalStateException ended) {
            return Response.status(409)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError("conflict", ended.getMessage()))
                    .build();
        }
    }

    /** The training jobs running now, each with its latest progress lines (trials, epochs, loss, validation). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<TrainingControl.Running> running() {
        return control.running();
    }

    /** Stops the running training jobs early; they still evaluate, export and register what they have. */
    @POST
    @Path("/stop")
    @Produces(MediaType.APPLICATION_JSON)
    public Response stop() {
        if (!control.requestStop())
            return Response.status(409)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ApiError("conflict", "no training is running"))
                    .build();
        return Response.accepted(java.util.Map.of("stopping", true)).build();
    }
}
