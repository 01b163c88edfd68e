package io.affinity.training;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Named;

/**
 * The {@code jobs} function: scheduled or direct invocations that train a use case. Input
 * {@code {"job": "train-table", "table": {...TableJob...}}}; output the {@link TrainingReport}.
 */
@Named("jobs")
public class JobsLambda implements RequestHandler<JobsLambda.JobRequest, TrainingReport> {

    /** A job invocation. */
    public record JobRequest(String job, TableJob table) {}

    private final TrainingService training;

    JobsLambda(TrainingService training) {
        this.training = training;
    }

    @Override
    public TrainingReport handleRequest(JobRequest request, Context context) {
        if (request == null || !"train-table".equals(request.job()))
            throw new IllegalArgumentException(
                    "unknown job " + (request == null ? null : request.job()) + "; supported: train-table");
        if (request.table() == null) throw new IllegalArgumentException("'table' is required for train-table");
        return training.trainTable(request.table(), line -> context.getLogger().log(line + "\n"));
    }
}
