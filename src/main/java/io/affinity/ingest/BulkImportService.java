package io.affinity.ingest;

import io.affinity.ingest.RequestParser.RawEvent;
import io.affinity.platform.S3Config;
import io.affinity.platform.StoredText;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Imports bulk files — from S3 or from a local path — streamed line by line in constant memory, in chunks that each
 * go through the {@link IngestPipeline} in their own transaction. A bad line is recorded with its line number and
 * the rest goes on; re-importing the same file stores nothing twice.
 */
@ApplicationScoped
public class BulkImportService {

    private static final Logger LOG = Logger.getLogger(BulkImportService.class);
    /** Events per transaction: large enough for COPY to pay off, small enough to bound memory. */
    static final int CHUNK = 2000;
    /** S3 keys under this prefix name their source: {@code imports/<source>/<file>}. */
    public static final String S3_PREFIX = "imports/";

    private final IngestPipeline pipeline;
    private final RejectionLog rejections;
    private final SourceService sources;
    private final ImportJobRepository jobs;
    private final S3Client s3;
    private final S3Config s3Config;
    private final IngestMetrics metrics;

    BulkImportService(
            IngestPipeline pipeline,
            RejectionLog rejections,
            SourceService sources,
            ImportJobRepository jobs,
            S3Client s3,
            S3Config s3Config,
            IngestMetrics metrics) {
        this.metrics = metrics;
        this.pipeline = pipeline;
        this.rejections = rejections;
        this.sources = sources;
        this.jobs = jobs;
        this.s3 = s3;
        this.s3Config = s3Config;
    }

    /** The outcome of one import, as stored in {@code import_job}. */
    public record ImportSummary(
            long jobId,
            String origin,
            String status,
            long lines,
            long accepted,
            long duplicates,
            long suppressed,
            long rejected,
            List<Rejection> firstRejections) {

        /** The counts in words, for the log. */
        public String counts() {
            return lines + " lines, " + accepted + " accepted, " + duplicates + " duplicates, " + suppressed
                    + " suppressed, " + rejected + " rejected";
        }
    }

    /**
     * Imports an S3 object whose key is {@code imports/<source>/<name>.(ndjson|jsonl|csv)[.gz]}.
     *
     * @param key the key as S3 event notifications give it (URL-encoded)
     */
    public ImportSummary importS3Object(String bucket, String key) {
        String decoded = URLDecoder.decode(key, StandardCharsets.UTF_8);
        requireStorable("S3 key", decoded);
        if (!decoded.startsWith(S3_PREFIX) || decoded.indexOf('/', S3_PREFIX.length()) < 0) {
            throw IngestException.badRequest("S3 key '" + decoded + "' must be " + S3_PREFIX + "<source>/<file>");
        }
        String sourceName = decoded.substring(S3_PREFIX.length(), decoded.indexOf('/', S3_PREFIX.length()));
        long sourceId = sources.sourceIdByName(sourceName);
        BulkFormat format = BulkFormat.ofName(decoded);
        String origin = "s3://" + bucket + "/" + decoded;
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(decoded))) {
            return importStream(sourceId, origin, format, decoded.endsWith(".gz") ? new GZIPInputStream(in) : in);
        } catch (NoSuchKeyException e) {
            throw IngestException.notFound("no S3 object " + origin);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + origin, e);
        }
    }

    /** Imports the configured bucket's object. */
    public ImportSummary importS3Object(String key) {
        return importS3Object(s3Config.bucket(), key);
    }

    /** Imports a stream (an HTTP upload) named like a file, for the named source. */
    public ImportSummary importUpload(String sourceName, String name, InputStream in) {
        requireStorable("file name", name);
        long sourceId = sources.sourceIdByName(sourceName);
        BulkFormat format = BulkFormat.ofName(name);
        try {
            return importStream(
                    sourceId, "upload:" + name, format, name.endsWith(".gz") ? new GZIPInputStream(in) : in);
        } catch (IOException e) {
            throw IngestException.badRequest("upload " + name + " is marked .gz but is not gzip");
        }
    }

    /** Imports a local file for the named source. */
    public ImportSummary importFile(Path file, String sourceName) {
        long sourceId = sources.sourceIdByName(sourceName);
        BulkFormat format = BulkFormat.ofName(file.getFileName().toString());
        try (InputStream in = Files.newInputStream(file)) {
            String name = file.getFileName().toString();
            return importStream(
                    sourceId,
                    "file:" + file.toAbsolutePath(),
                    format,
                    name.endsWith(".gz") ? new GZIPInputStream(in) : in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw IngestException.notFound("no file " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private static void requireStorable(String what, String text) {
        String problem = StoredText.problem(text);
        if (problem != null) {
            throw IngestException.badRequest(what + " '" + StoredText.visible(text) + "' " + problem);
        }
    }

    /** Streams the events of one file into the event store, chunk by chunk, and keeps its job row current. */
    public ImportSummary importStream(long sourceId, String origin, BulkFormat format, InputStream in) {
        ImportJob job = QuarkusTransaction.requiringNew().call(() -> {
            ImportJob j = new ImportJob();
            j.sourceId = sourceId;
            j.origin = StoredText.visible(origin);
            j.format = format.name().toLowerCase();
            j.status = "running";
            j.startedAt = Instant.now();
            j.updatedAt = j.startedAt;
            jobs.persist(j);
            return j;
        });
        List<Rejection> firstRejections = new ArrayList<>();
        long started = System.nanoTime();
        Progress progress = new Progress();
        String status = "done";
        String error = null;
        try (BulkLineReader lines = BulkLineReader.open(format, new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<RawEvent> chunk = new ArrayList<>(CHUNK);
            List<RejectionLog.Entry> unreadable = new ArrayList<>();
            while (lines.hasNext()) {
                BulkLineReader.Item item = lines.next();
                progress.lines++;
                if (item.event() != null) {
                    chunk.add(item.event());
                } else {
                    unreadable.add(new RejectionLog.Entry(item.problem(), item.text()));
                }
                if (chunk.size() + unreadable.size() >= CHUNK) {
                    flush(sourceId, origin, chunk, unreadable, progress, firstRejections, job.id);
                }
            }
            flush(sourceId, origin, chunk, unreadable, progress, firstRejections, job.id);
        } catch (IOException | RuntimeException e) {
            // Whatever stops an import, its job ends with why; the chunks committed before it stay.
            status = "failed";
            error = StoredText.visible("stopped after line " + progress.lines + ": " + e.getMessage());
            LOG.warnf(e, "Import %s %s", origin, error);
        }
        finish(job.id, status, error, progress);
        metrics.importEnded(status, progress.lines, started);
        ImportSummary summary = new ImportSummary(
                job.id,
                origin,
                status,
                progress.lines,
                progress.accepted,
                progress.duplicates,
                progress.suppressed,
                progress.rejected,
                firstRejections);
        LOG.infof("Import %s %s: %s", origin, status, summary.counts());
        return summary;
    }

    private void flush(
            long sourceId,
            String origin,
            List<RawEvent> chunk,
            List<RejectionLog.Entry> unreadable,
            Progress progress,
            List<Rejection> firstRejections,
            long jobId) {
        if (chunk.isEmpty() && unreadable.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        long start = System.nanoTime();
        BatchResult result = QuarkusTransaction.requiringNew().call(() -> {
            rejections.record(sourceId, jobId, origin, now, unreadable);
            return chunk.isEmpty()
                    ? new BatchResult(true, 0, 0, 0, 0, 0, List.of())
                    : pipeline.ingest(sourceId, jobId, origin, new BatchContext(now, null, null, null), chunk, origin);
        });
        metrics.batch(sourceId, result, start, true);
        metrics.unreadable(sourceId, unreadable.size());
        progress.accepted += result.accepted();
        progress.duplicates += result.duplicates();
        progress.suppressed += result.suppressed();
        progress.rejected += result.rejected().size() + unreadable.size();
        List<Rejection> chunkRejections = new ArrayList<>(result.rejected());
        unreadable.forEach(e -> chunkRejections.add(e.rejection()));
        chunkRejections.sort(java.util.Comparator.comparingInt(Rejection::index));
        chunkRejections.forEach(r -> addFirst(firstRejections, r));
        chunk.clear();
        unreadable.clear();
        QuarkusTransaction.requiringNew().run(() -> {
            ImportJob j = jobs.findById(jobId);
            j.updatedAt = Instant.now();
            j.lines = progress.lines;
            j.accepted = progress.accepted;
            j.duplicates = progress.duplicates;
            j.suppressed = progress.suppressed;
            j.rejected = progress.rejected;
        });
        if (progress.lines % 100_000 < CHUNK) {
            LOG.infof("Import %s: %d lines so far", origin, progress.lines);
        }
    }

    private void finish(long jobId, String status, String error, Progress progress) {
        QuarkusTransaction.requiringNew().run(() -> {
            ImportJob j = jobs.findById(jobId);
            j.status = status;
            j.error = error;
            j.lines = progress.lines;
            j.accepted = progress.accepted;
            j.duplicates = progress.duplicates;
            j.suppressed = progress.suppressed;
            j.rejected = progress.rejected;
            j.finishedAt = Instant.now();
            j.updatedAt = j.finishedAt;
        });
    }

    /** A running import untouched for this long belongs to a process that is gone. */
    static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(2);

    /**
     * Ends the imports whose process died mid-file (kill -9, a Lambda timeout): failed, saying after which line and
     * that importing the file again finishes it without storing anything twice. Runs every minute.
     *
     * @return how many were ended
     */
    public int endAbandoned() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant before = Instant.now().minus(ABANDONED_AFTER);
            List<ImportJob> abandoned = jobs.list("status = 'running' and updatedAt < ?1", before);
            for (ImportJob j : abandoned) {
                j.status = "failed";
                j.error = "interrupted after line " + j.lines + ": the process importing it stopped; import the same"
                        + " file again to finish it (the lines already stored are not stored twice)";
                j.finishedAt = Instant.now();
                j.updatedAt = j.finishedAt;
                LOG.warnf("Import %s (job %d) %s", j.origin, j.id, j.error);
            }
            return abandoned.size();
        });
    }

    @io.quarkus.scheduler.Scheduled(
            every = "1m",
            delayed = "5s",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep() {
        endAbandoned();
    }

    private static void addFirst(List<Rejection> list, Rejection r) {
        if (list.size() < 100) {
            list.add(r);
        }
    }

    private static final class Progress {
        long lines;
        long accepted;
        long duplicates;
        long suppressed;
        long rejected;
    }
}
