package io.affinity.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Ingestion's Prometheus metrics: {@code affinity_events_total{source, outcome}} (accepted, duplicate, rejected,
 * suppressed), {@code affinity_ingest_batch_seconds{via}} (a tracking request or an import chunk, from receipt to
 * commit) and {@code affinity_import_lines_total} with {@code affinity_import_seconds{status}} for throughput.
 * Counted after the batch committed: what the metrics say was accepted is stored.
 */
@ApplicationScoped
public class IngestMetrics {

    private record SourceCounters(Counter accepted, Counter duplicate, Counter rejected, Counter suppressed) {}

    private final MeterRegistry registry;
    private final Map<Long, SourceCounters> bySource = new ConcurrentHashMap<>();
    private final Timer apiBatch;
    private final Timer importChunk;
    private final Counter importLines;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.apiBatch = batchTimer("api");
        this.importChunk = batchTimer("import");
        this.importLines = Counter.builder("affinity.import.lines")
                .description("lines read by bulk imports")
                .register(registry);
    }

    private Timer batchTimer(String via) {
        return Timer.builder("affinity.ingest.batch")
                .description("a batch from receipt to commit")
                .tag("via", via)
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    void batch(long sourceId, BatchResult result, long startNanos, boolean fromImport) {
        (fromImport ? importChunk : apiBatch).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        SourceCounters c = bySource.computeIfAbsent(sourceId, this::counters);
        c.accepted.increment(result.accepted());
        c.duplicate.increment(result.duplicates());
        c.rejected.increment(result.rejected().size());
        c.suppressed.increment(result.suppressed());
    }

    /** Lines of a file that could not even be read as an event (counted as rejected for its source). */
    void unreadable(long sourceId, int lines) {
        bySource.computeIfAbsent(sourceId, this::counters).rejected.increment(lines);
    }

    void importEnded(String status, long lines, long startNanos) {
        importLines.increment(lines);
        Timer.builder("affinity.import")
                .description("bulk imports, start to end")
                .tag("status", status)
                .register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private SourceCounters counters(long sourceId) {
        String source = Long.toString(sourceId);
        return new SourceCounters(
                events(source, "accepted"),
                events(source, "duplicate"),
                events(source, "rejected"),
                events(source, "suppressed"));
    }

    private Counter events(String source, String outcome) {
        return Counter.builder("affinity.events")
                .description("events by source (id) and what became of them")
                .tag("source", source)
                .tag("outcome", outcome)
                .register(registry);
    }
}
