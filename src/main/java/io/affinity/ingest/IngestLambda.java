package io.affinity.ingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ingest.LambdaEvents.HttpApiRequest;
import io.affinity.ingest.LambdaEvents.HttpApiResponse;
import io.affinity.ingest.LambdaEvents.S3Notification;
import jakarta.inject.Named;
import java.util.List;

/**
 * The {@code ingest} function: tracking-API requests through API Gateway (HTTP API, payload 2.0), and S3
 * ObjectCreated notifications for bulk files under {@code imports/<source>/}.
 */
@Named("ingest")
public class IngestLambda implements RequestHandler<JsonNode, Object> {

    private final TrackingService tracking;
    private final BulkImportService imports;
    private final ObjectMapper mapper;

    IngestLambda(TrackingService tracking, BulkImportService imports, ObjectMapper mapper) {
        this.tracking = tracking;
        this.imports = imports;
        this.mapper = mapper;
    }

    @Override
    public Object handleRequest(JsonNode event, Context context) {
        if (LambdaEvents.isS3Notification(event)) {
            S3Notification n = mapper.convertValue(event, S3Notification.class);
            List<BulkImportService.ImportSummary> done = n.records().stream()
                    .map(r -> imports.importS3Object(
                            r.s3().bucket().name(), r.s3().object().key()))
                    .toList();
            return done;
        }
        HttpApiRequest request = mapper.convertValue(event, HttpApiRequest.class);
        try {
            String path = request.rawPath() == null ? "" : request.rawPath();
            if (!path.startsWith("/v1/")) {
                throw IngestException.notFound("no tracking endpoint " + path);
            }
            BatchResult result = tracking.track(
                    path.substring(4),
                    request.header("authorization"),
                    request.header("content-type"),
                    request.header("content-encoding"),
                    request.bodyBytes());
            return HttpApiResponse.json(mapper, result.httpStatus(), result);
        } catch (IngestException e) {
            return HttpApiResponse.error(mapper, e);
        }
    }
}
