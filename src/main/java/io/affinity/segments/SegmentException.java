package io.affinity.segments;

import io.affinity.platform.ApiException;

/** A segment request refused: a rule that does not check (400), no such segment (404), a name taken (409). */
public class SegmentException extends ApiException {
    public SegmentException(int status, String detail) {
        super(status, detail);
    }
}
