package io.affinity.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What just happened in ingestion, as the dashboard's first page shows it: the read model ingestion publishes of
 * its tables (events, sources, write keys, rejections, imports), so that no other package queries them.
 *
 * @param days the last days, oldest first, for {@code perDay}
 * @param perDay events per day by kind, each list aligned with {@code days}
 */
public record IngestOverview(
        Totals totals,
        List<LocalDate> days,
        List<KindSeries> perDay,
        List<SourceRow> sources,
        List<ReasonRow> reasons,
        List<RejectionRow> recentRejections,
        List<ImportRow> imports) {

    /** Headline figures. */
    public record Totals(long events, long events24h, long sources, long rejected7d) {}

    /** Daily counts of one event kind. */
    public record KindSeries(String kind, List<Long> counts, long total) {}

    /** A source with its activity. */
    public record SourceRow(long id, String name, long events, Instant lastReceived, long activeKeys) {}

    /** How often one reason made events be refused in the last 7 days. */
    public record ReasonRow(String field, String error, long count) {}

    /** One refused event or request. */
    public record RejectionRow(
            Instant at, String source, String origin, Integer position, String field, String error) {}

    /** One bulk import and its progress. */
    public record ImportRow(
            long id,
            String origin,
            String status,
            long lines,
            long accepted,
            long duplicates,
            long rejected,
            Instant startedAt) {}
}
