package io.affinity.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The tracking API behind both the HTTP endpoints and the {@code ingest} Lambda: authenticate the source, parse the
 * request, run its events through the {@link IngestPipeline}.
 */
@ApplicationScoped
public class TrackingService {

    private final SourceService sources;
    private final IngestPipeline pipeline;
    private final RejectionLog rejections;
    private final IngestMetrics metrics;

    TrackingService(SourceService sources, IngestPipeline pipeline, RejectionLog rejections, IngestMetrics metrics) {
        this.metrics = metrics;
        this.sources = sources;
        this.pipeline = pipeline;
        this.rejections = rejections;
    }

    /**
     * @param call the endpoint: {@code batch}, {@code import} or one of the six call types
     * @param authorization the HTTP Authorization header, or null
     * @param contentType the Content-Type header, or null
     * @param contentEncoding the Content-Encoding header, or null
     * @param body the body as sent
     * @throws IngestException for a request refused as a whole (401, 404, 413, 415, 400)
     */
    public BatchResult track(
            String call, String authorization, String contentType, String contentEncoding, byte[] sent) {
        long start = System.nanoTime();
        Instant receivedAt = Instant.now();
        CallType forced = null;
        if (!call.equals("batch") && !call.equals("import")) {
            forced = CallType.parse(call)
                    .orElseThrow(() -> IngestException.notFound("no tracking endpoint /v1/" + call));
        }
        Long sourceId = authorization == null ? null : sources.authenticate(basicUser(authorization));
        RequestParser.Parsed parsed;
        byte[] body = sent;
        try {
            RequestBody.checkJsonType(contentType);
            body = RequestBody.decode(contentEncoding, sent, RequestParser.MAX_BATCH_BYTES);
            parsed = RequestParser.parse(body, forced, receivedAt);
        } catch (IngestException e) {
            if (sourceId != null) {
                recordRefusedRequest(sourceId, call, receivedAt, e, body);
            }
            throw e;
        }
        if (sourceId == null) {
            sourceId = sources.authenticate(parsed.writeKey());
        }
        BatchResult result = pipeline.ingest(sourceId, null, "/v1/" + call, parsed.context(), parsed.events(), null);
        metrics.batch(sourceId, result, start, false);
        return result;
    }

    private void recordRefusedRequest(long sourceId, String call, Instant at, IngestException e, byte[] body) {
        String excerpt = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        rejections.record(
                sourceId,
                null,
                "/v1/" + call,
                at,
                List.of(new RejectionLog.Entry(new Rejection(-1, null, e.getMessage()), excerpt)));
    }

    /** Segment's auth: HTTP Basic with the write key as user name and an empty password. */
    static String basicUser(String authorization) {
        String prefix = "basic ";
        if (!authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            throw IngestException.unauthorized("Authorization must be HTTP Basic with the write key as user name");
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder()
                            .decode(authorization.substring(prefix.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw IngestException.unauthorized("Authorization header is not valid Base64");
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? decoded : decoded.substring(0, colon);
    }
}
