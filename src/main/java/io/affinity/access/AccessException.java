package io.affinity.access;

/** A refused access-control request (bad key or user data, unknown id), with its HTTP status and what was wrong. */
public class AccessException extends RuntimeException {

    private final int status;
    private final String error;

    AccessException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    static AccessException badRequest(String detail) {
        return new AccessException(400, "bad_request", detail);
    }

    static AccessException notFound(String detail) {
        return new AccessException(404, "not_found", detail);
    }

    static AccessException conflict(String detail) {
        return new AccessException(409, "conflict", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
