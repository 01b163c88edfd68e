package io.affinity.access;

import io.affinity.platform.ApiException;

/** A refused access-control request (bad key or user data, unknown id), with its HTTP status and what was wrong. */
public class AccessException extends ApiException {

    AccessException(int status, String error, String detail) {
        super(status, error, detail);
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
}
