package io.affinity.ingest;

import io.affinity.ingest.RequestParser.RawEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one path every event takes, from the API and from bulk files alike: validate each event, drop repeats of a
 * messageId within the batch, store the rest exactly once, record the refused ones — all in one transaction.
 */
@ApplicationScoped
public class IngestPipeline {

    private final EventStore store;
    private final RejectionLog rejections;

    IngestPipeline(EventStore store, RejectionLog rejections) {
        this.store = store;
        this.rejections = rejections;
    }

    /**
     * @param importJobId the bulk import the events belong to, or null for the tracking API
     * @param origin where the events came from, e.g. {@code /v1/batch} or {@code s3://bucket/key}
     * @param idSeed when not null, makes server-made messageIds repeatable for a re-import of the same file
     */
    @Transactional
    public BatchResult ingest(
            long sourceId, Long importJobId, String origin, BatchContext context, List<RawEvent> raw, String idSeed) {
        List<TrackedEvent> valid = new ArrayList<>(raw.size());
        List<RejectionLog.Entry> refused = new ArrayList<>();
        Set<String> messageIds = new HashSet<>();
        int repeatsInBatch = 0;
        int corrected = 0;
        for (RawEvent r : raw) {
            try {
                String seed = idSeed == null ? null : idSeed + ":" + r.index();
                TrackedEvent e = EventReader.read(r, context, sourceId, seed);
                if (!messageIds.add(e.messageId())) {
                    repeatsInBatch++;
                    continue;
                }
                valid.add(e);
                corrected += e.claimedTs() == null ? 0 : 1;
            } catch (EventRejectedException ex) {
                refused.add(
                        new RejectionLog.Entry(new Rejection(r.index(), ex.field(), ex.getMessage()), r.excerpt(400)));
            }
        }
        EventStore.Stored stored =
                valid.isEmpty() ? new EventStore.Stored(0, Set.of(), Set.of()) : store.store(sourceId, valid);
        rejections.record(sourceId, importJobId, origin, context.receivedAt(), refused);
        List<Rejection> rejected =
                refused.stream().map(RejectionLog.Entry::rejection).toList();
        return new BatchResult(
                rejected.isEmpty(),
                raw.size(),
                stored.inserted(),
                stored.duplicateMessageIds().size() + repeatsInBatch,
                stored.suppressedMessageIds().size(),
                corrected,
                rejected);
    }
}
