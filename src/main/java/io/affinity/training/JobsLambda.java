package io.affinity.training;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Named;

/**
 * The {@code jobs} function: scheduled or direct invocations that train a use case, either on the event store
 * ({@code {"job": "train", "events": {"useCase": "churn"}}}) or on a table
 * ({@code {"job": "train-table", "table": {...}}}); the answer is the {@link TrainingReport}.
 */
@Named("jobs")
public class JobsLambda implements RequestHandler<JobsLambda.JobRequest, TrainingReport> {

    /** A job invocation. */
    public record JobRequest(String job, EventJob events, TableJob table) {}

    private final TrainingService tables;
    private final EventTraining events;

    JobsLambda(TrainingService tables, EventTraining events) {
        this.tables = tables;
        this.events = events;
    }

    @Override
    public TrainingReport handleRequest(JobRequest request, Context context) {
        String job = request == null ? null : request.job();
        if ("train".equals(job) && request.events() != null)
            return events.train(request.events(), line -> context.getLogger().log(line + "\n"));
        if ("train-table".equals(job) && request.table() != null)
            return tables.trainTable(
                    request.table(), line -> context.getLogger().log(line + "\n"));
        throw new IllegalArgumentException("unknown job " + job
                + "; supported: train (with 'events': {useCase, ...}), train-table (with 'table': {...})");
    }
}
