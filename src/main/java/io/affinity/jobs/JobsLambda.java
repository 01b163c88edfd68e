package io.affinity.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.affinity.models.UseCase;
import io.affinity.scoring.BatchScoringService;
import io.affinity.segments.SegmentRefresh;
import io.affinity.training.EventJob;
import io.affinity.training.EventTraining;
import io.affinity.training.TableJob;
import io.affinity.training.TableTraining;
import jakarta.inject.Named;

/**
 * The {@code jobs} function, invoked on a schedule or directly:
 * {@code {"job": "train", "events": {"useCase": "churn"}}} trains on the event store,
 * {@code {"job": "train-table", "table": {...}}} on a table, and
 * {@code {"job": "batch-score", "useCase": "churn"}} scores every customer (recommend and ctr: their top
 * {@code "k"} products or promotions), and {@code {"job": "refresh-segments"}} rebuilds the customer facts and refreshes every segment's
 * members (a batch run also does both, when it ends); the answer is what the job did.
 */
@Named("jobs")
public class JobsLambda implements RequestHandler<JobsLambda.JobRequest, Object> {

    /** A job invocation. */
    public record JobRequest(String job, EventJob events, TableJob table, String useCase, Integer k) {}

    private final TableTraining tables;
    private final EventTraining events;
    private final BatchScoringService batch;
    private final SegmentRefresh segments;

    JobsLambda(TableTraining tables, EventTraining events, BatchScoringService batch, SegmentRefresh segments) {
        this.tables = tables;
        this.events = events;
        this.batch = batch;
        this.segments = segments;
    }

    @Override
    public Object handleRequest(JobRequest request, Context context) {
        String job = request == null ? null : request.job();
        if ("train".equals(job) && request.events() != null)
            return events.train(request.events(), line -> context.getLogger().log(line + "\n"));
        if ("train-table".equals(job) && request.table() != null)
            return tables.trainTable(
                    request.table(), line -> context.getLogger().log(line + "\n"));
        if ("batch-score".equals(job) && request.useCase() != null)
            return batch.scoreAll(
                    UseCase.of(request.useCase()), request.k() == null ? BatchScoringService.DEFAULT_K : request.k());
        if ("refresh-segments".equals(job)) return segments.rebuildAndRefreshAll("jobs");
        throw new IllegalArgumentException("unknown job " + job + "; supported: train (with 'events': {useCase, ...}),"
                + " train-table (with 'table': {...}), batch-score (with 'useCase'), refresh-segments");
    }
}
