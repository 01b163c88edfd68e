package io.affinity.training;

import io.affinity.platform.ApiError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Training over HTTP: {@code POST /api/training/events} trains a use case on the event store,
 * {@code POST /api/training/table} on a CSV (a server path or an s3:// location); both answer when the model is
 * registered. Synchronous: seconds to minutes.
 */
@Path("/api/training")
public class TrainingResource {

    private static final Logger LOG = Logger.getLogger(TrainingResource.class);

    private final TrainingService training;
    private final EventTraining events;

    private final TrainingControl control;

    TrainingResource(TrainingService training, EventTraining events, TrainingControl control) {
        this.control = control;
        this.training = training;
        this.events = events;
    }

    @POST
    @Path("/events")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TrainingReport events(EventJob job) {
        if (job == null) throw new IllegalArgumentException("a JSON body with useCase is required");
        return events.train(job, LOG::info);
    }

    @POST
    @Path("/table")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TrainingReport table(TableJob job) {
        if (job == null) throw new IllegalArgumentException("a JSON body with useCase, table and schema is required");
        return training.trainTable(job, LOG::info);
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

    @ServerExceptionMapper
    public Response badRequest(IllegalArgumentException e) {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("bad_request", e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response unreadable(UncheckedIOException e) {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("bad_request", e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response parity(ParityCheck.ParityException e) {
        return Response.status(422)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("export_failed", e.getMessage()))
                .build();
    }
}
