package io.affinity.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.demo.ShopSimulator;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Bulk import in constant memory: an NDJSON file of {@code bench.bulk-mb} MB (1 GB by default) of simulated shop
 * events goes to the S3 store, and the packaged application — given a heap of {@code bench.bulk-heap} (256 MB),
 * a quarter of the file — imports it through {@code POST /api/imports}. Prints lines/s and MB/s; a run that needed
 * the file in memory would die of OutOfMemoryError instead.
 */
public final class BulkImportBenchmark {

    static final long MEGABYTES = Long.getLong("bench.bulk-mb", 1024);
    static final String HEAP = System.getProperty("bench.bulk-heap", "256m");

    public static void main(String[] args) throws Exception {
        BenchApp.runAndExit(BulkImportBenchmark::run);
    }

    private static void run() throws Exception {
        Path dir = Files.createTempDirectory("affinity-bulk-bench");
        Map<String, String> embedded = BenchApp.servers(dir);
        Path file = dir.resolve("events.ndjson");
        long lines = write(file, MEGABYTES * 1024 * 1024);
        long bytes = Files.size(file);
        System.out.printf("Wrote %,d events, %,d MB%n", lines, bytes / (1024 * 1024));

        try (S3Client s3 = s3(embedded)) {
            s3.createBucket(b -> b.bucket("affinity"));
            s3.putObject(b -> b.bucket("affinity").key("imports/bulk/events.ndjson"), file);
        }
        Files.delete(file);
        int port = 18_081;
        Process app = BenchApp.start(embedded, port, dir, "-Xmx" + HEAP);
        try {
            BenchApp.waitUntilUp(port);
            BenchApp.createSource(port, "bulk");
            long t0 = System.nanoTime();
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            BenchApp.request(port, "/api/imports")
                                    .timeout(Duration.ofMinutes(30))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"key\":\"imports/bulk/events.ndjson\"}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - t0) / 1e9;
            JsonNode summary = new ObjectMapper().readTree(r.body());
            if (r.statusCode() != 200
                    || !"done".equals(summary.path("status").asText())
                    || summary.path("accepted").asLong() != lines) {
                throw new IllegalStateException(
                        "import did not take every line: HTTP " + r.statusCode() + " " + r.body());
            }
            System.out.println();
            System.out.printf(
                    "Bulk import of %,d MB NDJSON (%,d events) from S3, application heap %s:%n",
                    bytes / (1024 * 1024), lines, HEAP);
            System.out.printf(
                    "  %,.0f events/s, %.1f MB/s, %.0f s; all %,d accepted%n",
                    lines / seconds,
                    bytes / 1e6 / seconds,
                    seconds,
                    summary.path("accepted").asLong());
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    /** Writes simulated shop events, one per line, until the file reaches the size. */
    private static long write(Path file, long size) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        long[] written = {0, 0};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long seed = 1;
            while (written[0] < size) {
                new ShopSimulator(new ShopSimulator.Config(20_000, 1000, 16, 30, 120, seed++), Instant.now()).run(e -> {
                    if (written[0] >= size) {
                        return;
                    }
                    try {
                        byte[] line = mapper.writeValueAsBytes(e);
                        out.write(line);
                        out.write('\n');
                        written[0] += line.length + 1;
                        written[1]++;
                    } catch (java.io.IOException ex) {
                        throw new java.io.UncheckedIOException(ex);
                    }
                });
            }
        }
        return written[1];
    }

    private static S3Client s3(Map<String, String> embedded) {
        return S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(embedded.get("affinity.s3.endpoint")))
                .forcePathStyle(true)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        embedded.get("affinity.s3.access-key"), embedded.get("affinity.s3.secret-key"))))
                .build();
    }
}
