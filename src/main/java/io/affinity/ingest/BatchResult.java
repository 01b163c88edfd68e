package io.affinity.ingest;

import java.util.List;

/**
 * What the tracking API answers for a batch: how many events were new, how many it had already, which were refused.
 *
 * @param success true when nothing was refused
 * @param duplicates events already stored earlier (or twice in this batch): accepted, not stored again
 * @param suppressed events about deleted customers: accepted, not stored
 * @param timeCorrected accepted events whose time was more than {@link EventReader#MAX_FUTURE_SKEW} ahead of the
 *     server's clock, stored at their receive time instead
 * @param rejected refused events with index (or line) and reason
 */
public record BatchResult(
        boolean success,
        int received,
        int accepted,
        int duplicates,
        int suppressed,
        int timeCorrected,
        List<Rejection> rejected) {

    /** 200 when anything was taken, 400 when every event was refused. */
    public int httpStatus() {
        return rejected.size() == received ? 400 : 200;
    }
}
