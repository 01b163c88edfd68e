package io.affinity.ingest;

import io.affinity.platform.ApiException;
import java.util.Map;

/** A request the tracking API refuses as a whole, with the HTTP status and a message that says what and where. */
public class IngestException extends ApiException {

    public IngestException(int status, String error, String detail) {
        super(status, error, detail);
    }

    public static IngestException unauthorized(String detail) {
        return new IngestException(401, "unauthorized", detail);
    }

    public static IngestException tooLarge(String detail) {
        return new IngestException(413, "payload_too_large", detail);
    }

    public static IngestException badRequest(String detail) {
        return new IngestException(400, "bad_request", detail);
    }

    public static IngestException notFound(String detail) {
        return new IngestException(404, "not_found", detail);
    }

    /** A refused write key is answered with the Basic challenge Segment's libraries expect. */
    @Override
    public Map<String, String> headers() {
        return status() == 401 ? Map.of("WWW-Authenticate", "Basic realm=\"affinity\"") : Map.of();
    }
}
