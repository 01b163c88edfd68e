package io.affinity.ingest;

import static io.affinity.TestSupport.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.TestSupport;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk import from local files: CSV and gzip'd NDJSON, bad lines reported by number, many chunks. */
@QuarkusTest
class BulkImportTest {

    @Inject
    BulkImportService imports;

    @Inject
    SourceService sources;

    @Inject
    AgroalDataSource db;

    @TempDir
    Path dir;

    @Test
    void csvFileWithBadLines() throws IOException {
        SourceService.NewKey key = TestSupport.newSource(sources, "csv");
        Path file = dir.resolve("orders.csv");
        Files.writeString(file, """
                type,event,userId,messageId,timestamp,order_id,revenue,traits.city
                track,Order Completed,u1,c1,2026-10-01T10:00:00Z,o1,10.5,
                track,Order Completed,u2,c2,2026-10-01T11:00:00Z,o2,not-a-number,
                identify,,u3,c3,2026-10-02T09:00:00Z,,,Paris
                track,Order Completed,u4,c4
                track,,u5,c5,2026-10-02T09:00:00Z,,,
                """);
        BulkImportService.ImportSummary s = imports.importFile(file, key.sourceName());
        assertEquals("done", s.status());
        assertEquals(5, s.lines());
        assertEquals(2, s.accepted());
        assertEquals(3, s.rejected());
        assertEquals(3, s.firstRejections().get(0).index(), "line numbers count the header as line 1");
        assertEquals("properties.revenue", s.firstRejections().get(0).field());
        assertEquals(5, s.firstRejections().get(1).index());
        assertTrue(
                s.firstRejections().get(1).error().contains("cells"),
                s.firstRejections().get(1).error());
        assertEquals(6, s.firstRejections().get(2).index());
        assertEquals("event", s.firstRejections().get(2).field());
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and order_id = 'o1'" + " and revenue = 10.5",
                        key.sourceId()));
        assertEquals(
                1, count(db, "select count(*) from customer where customer_id = 'u3' and traits->>'city' = 'Paris'"));
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from import_job where id = ? and status = 'done' and rejected = 3",
                        s.jobId()));
    }

    @Test
    void largeGzipNdjsonGoesThroughManyChunks() throws IOException {
        SourceService.NewKey key = TestSupport.newSource(sources, "ndjson");
        Path file = dir.resolve("events.ndjson.gz");
        int lines = 12_345;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file));
                Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= lines; i++) {
                if (i % 1000 == 0) {
                    w.write("{\"type\":\"track\",\"userId\":\"u\"}\n"); // no event name: refused
                } else {
                    w.write("{\"type\":\"track\",\"messageId\":\"n" + i + "\",\"userId\":\"u" + (i % 100)
                            + "\",\"event\":\"Product Viewed\",\"properties\":{\"product_id\":\"p" + (i % 70)
                            + "\"},\"timestamp\":\"2026-11-01T10:00:00Z\"}\n");
                }
            }
        }
        BulkImportService.ImportSummary s = imports.importFile(file, key.sourceName());
        assertEquals(lines, s.lines());
        assertEquals(lines - 12, s.accepted());
        assertEquals(12, s.rejected());
        assertEquals(1000, s.firstRejections().get(0).index());
        assertEquals(lines - 12, count(db, "select count(*) from event where source_id = ?", key.sourceId()));
    }

    @Test
    void unknownSourceOrFormatIsAClearError() throws IOException {
        Path file = dir.resolve("events.txt");
        Files.writeString(file, "x");
        IngestException e = org.junit.jupiter.api.Assertions.assertThrows(
                IngestException.class, () -> imports.importFile(file, "no-such-source"));
        assertEquals(404, e.status());
        SourceService.NewKey key = TestSupport.newSource(sources, "fmt");
        e = org.junit.jupiter.api.Assertions.assertThrows(
                IngestException.class, () -> imports.importFile(file, key.sourceName()));
        assertTrue(e.getMessage().contains("cannot tell the format"), e.getMessage());
    }

    @Inject
    PrivacyService privacy;

    @Test
    void linesOfAnErasedCustomerAreCountedAsSuppressed() throws IOException {
        SourceService.NewKey key = TestSupport.newSource(sources, "suppressed");
        String erased = "erased-" + key.sourceId();
        privacy.deleteCustomer(erased);
        Path file = dir.resolve("mixed.ndjson");
        Files.writeString(
                file,
                "{\"type\":\"track\",\"userId\":\"" + erased + "\",\"event\":\"Viewed\"}\n"
                        + "{\"type\":\"track\",\"userId\":\"kept\",\"event\":\"Viewed\"}\n");
        BulkImportService.ImportSummary s = imports.importFile(file, key.sourceName());
        assertEquals(2, s.lines());
        assertEquals(1, s.accepted());
        assertEquals(1, s.suppressed());
        assertEquals(0, s.rejected());
        assertEquals(
                1,
                count(db, "select count(*) from import_job where id = ? and suppressed = 1 and lines = 2", s.jobId()));
    }

    /** kill -9 mid-import leaves its job running with nobody to end it: the sweep ends it, a live one is left alone. */
    @Test
    void anImportWhoseProcessDiedIsEndedAsFailedWithWhy() throws Exception {
        SourceService.NewKey key = TestSupport.newSource(sources, "abandoned");
        long dead = runningJob(key.sourceId(), "10 minutes"), live = runningJob(key.sourceId(), "1 second");
        org.junit.jupiter.api.Assertions.assertTrue(imports.endAbandoned() >= 1);
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from import_job where id = ? and status = 'failed' and finished_at is not null"
                                + " and error like 'interrupted after line 4000: the process importing it stopped%'",
                        dead));
        assertEquals(1, count(db, "select count(*) from import_job where id = ? and status = 'running'", live));
        try (var c = db.getConnection();
                var ps = c.prepareStatement("update import_job set status = 'done' where id = ?")) {
            ps.setLong(1, live);
            ps.executeUpdate();
        }
    }

    private long runningJob(long sourceId, String idleFor) throws Exception {
        try (var c = db.getConnection();
                var ps = c.prepareStatement("insert into import_job (source_id, origin, format, status, lines,"
                        + " started_at, updated_at) values (?, 'file:/tmp/x.ndjson', 'ndjson', 'running', 4000,"
                        + " now() - interval '1 hour', now() - ?::interval) returning id")) {
            ps.setLong(1, sourceId);
            ps.setString(2, idleFor);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
