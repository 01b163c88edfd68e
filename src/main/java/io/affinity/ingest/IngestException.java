package io.affinity.ingest;

/** A request the tracking API refuses as a whole, with the HTTP status and a message that says what and where. */
public class IngestException extends RuntimeException {

    private final int status;
    private final String error;

    public IngestException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
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

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
