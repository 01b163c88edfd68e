package io.affinity.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the packaged application in its own JVM against given PostgreSQL and S3 servers, for the benchmarks. */
public final class BenchApp {

    /** The benchmarks' admin API key, given to the application as its first key (nothing is printed then). */
    public static final String ADMIN_KEY = "ak_bench-admin-key-0123456789abcdefghijklmnopqr";

    private BenchApp() {}

    /** A request to the application with the admin key. */
    public static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_KEY);
    }

    /** A benchmark's body. */
    public interface Body {
        void run() throws Exception;
    }

    /** Runs a benchmark main, then ends the JVM, which the embedded servers' threads would keep alive. */
    public static void runAndExit(Body benchmark) throws Exception {
        try {
            benchmark.run();
        } finally {
            System.exit(0);
        }
    }

    /** A real PostgreSQL and S3 store with their data in {@code dir}, for the benchmark and the application. */
    public static Map<String, String> servers(Path dir) {
        return io.affinity.platform.embedded.EmbeddedServices.startIfNeeded(
                Map.of("affinity.data-dir", dir.toString(), "affinity.embedded.clean", "true")::get);
    }

    public static Process start(Map<String, String> embedded, int port, Path dir, String heap) throws IOException {
        return start(embedded, port, dir, heap, List.of());
    }

    /** As above, with more {@code -D} settings (later ones override the defaults). */
    public static Process start(Map<String, String> embedded, int port, Path dir, String heap, List<String> settings)
            throws IOException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String extra = System.getProperty("bench.app-jvm-args", "");
        if (!extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of(
                heap,
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.log.level=WARN",
                "-Daffinity.demo.enabled=false",
                // The periodic aggregate refresh would compete with what is measured: ingestion alone.
                "-Daffinity.features.refresh-every=off",
                "-Daffinity.data-dir=" + dir,
                "-Daffinity.access.initial-admin-key=" + ADMIN_KEY,
                "-Daffinity.access.initial-admin-password=bench-admin-password"));
        command.addAll(settings);
        command.addAll(List.of("-jar", "target/affinity-runner.jar"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", embedded.get("quarkus.datasource.jdbc.url"));
        pb.environment().put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        pb.environment().put("AFFINITY_S3_ENDPOINT", embedded.get("affinity.s3.endpoint"));
        pb.environment().put("AFFINITY_S3_ACCESS_KEY", embedded.get("affinity.s3.access-key"));
        pb.environment().put("AFFINITY_S3_SECRET_KEY", embedded.get("affinity.s3.secret-key"));
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile());
        return pb.start();
    }

    public static void waitUntilUp(int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 600; i++) {
            try {
                http.send(request(port, "/api/sources").build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the application did not start; see its app.log");
    }

    static String createSource(int port, String name) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        request(port, "/api/sources")
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body()).get("writeKey").asText();
    }
}
