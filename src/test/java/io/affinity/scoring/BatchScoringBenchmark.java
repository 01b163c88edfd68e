package io.affinity.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.affinity.demo.ShopSimulator;
import io.affinity.ingest.BenchApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Batch scoring throughput: the packaged application seeds a simulated shop through the tracking API, trains churn
 * and propensity, then (restarted with the periodic refresh off) scores {@code bench.batch-copies} copies of every
 * customer's aggregates through {@code POST /api/scoring/batch}, three runs per use case; prints customers/s.
 */
public final class BatchScoringBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        try {
            run();
        } finally {
            System.exit(0); // the embedded servers' threads would keep the JVM alive
        }
    }

    private static void run() throws Exception {
        int copies = Integer.getInteger("bench.batch-copies", 100);
        Path dir = Files.createTempDirectory("affinity-batch-bench");
        Map<String, String> embedded = BenchApp.servers(dir);
        int port = 18_082;
        Process app = BenchApp.start(embedded, port, dir, "-Xmx1g", List.of("-Daffinity.features.refresh-every=3s"));
        try {
            BenchApp.waitUntilUp(port);
            seed(port);
            while (get(port, "/api/customers/cust-1/aggregates").statusCode() != 200) Thread.sleep(500);
            for (String useCase : List.of("churn", "propensity")) {
                post(
                        port,
                        "/api/training/events",
                        "{\"useCase\":\"" + useCase + "\",\"trials\":1,\"algorithms\":[\"logistic-regression\"]}");
            }
        } finally {
            app.destroy();
            app.waitFor();
        }
        try (Connection c = DriverManager.getConnection(
                        embedded.get("quarkus.datasource.jdbc.url"), "postgres", "postgres");
                Statement st = c.createStatement()) {
            st.executeUpdate(
                    "INSERT INTO customer_aggregate SELECT 'copy-' || g || '-' || customer_id, as_of, first_seen, last_seen,"
                            + " recency_days, events_7d, events_30d, events_90d, active_days_30d, product_views_30d, cart_adds_30d,"
                            + " orders_30d, orders_90d, orders_total, revenue_30d, revenue_90d, revenue_total, promo_views_30d,"
                            + " promo_clicks_30d, last_order_at, subscribed, cancelled_at, kind_counts_90d, category_counts_90d"
                            + " FROM customer_aggregate, generate_series(1, " + copies
                            + ") g WHERE customer_id NOT LIKE 'copy-%'");
            st.execute("VACUUM ANALYZE customer_aggregate");
        }
        app = BenchApp.start(embedded, port, dir, "-Xmx1g", List.of("-Daffinity.features.refresh-every=off"));
        try {
            BenchApp.waitUntilUp(port);
            System.out.printf("%-12s %10s %10s %14s%n", "use case", "customers", "ms", "customers/s");
            for (int round = 0; round < 3; round++) {
                for (String useCase : List.of("churn", "propensity")) {
                    JsonNode r = JSON.readTree(post(port, "/api/scoring/batch", "{\"useCase\":\"" + useCase + "\"}"));
                    System.out.printf(
                            "%-12s %,10d %,10d %,14.0f%n",
                            useCase,
                            r.get("customers").asInt(),
                            r.get("millis").asLong(),
                            r.get("customersPerSecond").asDouble());
                }
            }
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static void seed(int port) throws Exception {
        String key = JSON.readTree(post(port, "/api/sources", "{\"name\":\"bench-shop\"}"))
                .get("writeKey")
                .asText();
        String auth = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes());
        List<ObjectNode> batch = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        new ShopSimulator(new ShopSimulator.Config(2000, 300, 12, 20, 90, 42), Instant.now()).run(e -> {
            batch.add(e);
            if (batch.size() == 500) {
                bodies.add(body(batch));
                batch.clear();
            }
        });
        bodies.add(body(batch));
        for (String b : bodies) {
            HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/batch"))
                            .header("Authorization", auth)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(b))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private static String body(List<ObjectNode> events) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("batch").addAll(events);
        return body.toString();
    }

    private static String post(int port, String path, String json) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2)
            throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + r.body());
        return r.body();
    }

    private static HttpResponse<Void> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
