package io.affinity.platform;

import java.util.Map;

/**
 * The error contract every capability's refusals share: an HTTP status, a short code, a sentence in the caller's
 * words, and the headers the answer needs (a 401's challenge). Each capability owns its subtype (IngestException,
 * ScoringException, AccessException, ...); {@link ErrorMappers} answers them over HTTP and Lambda handlers answer
 * them the same way with {@link #body()} and {@link #headers()}.
 */
public abstract class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    protected ApiException(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    protected ApiException(int status, String code, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.code = code;
    }

    /** With the code that names the status ("not_found" for 404, ...). */
    protected ApiException(int status, String detail) {
        this(status, codeOf(status), detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Headers the answer carries besides its JSON type; none unless a subtype says so. */
    public Map<String, String> headers() {
        return Map.of();
    }

    public ApiError body() {
        return new ApiError(code, getMessage());
    }

    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 408 -> "request_timeout";
            case 409 -> "conflict";
            case 410 -> "gone";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 422 -> "unprocessable";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }
}
