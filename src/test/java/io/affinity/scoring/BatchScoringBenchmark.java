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
 * Batch scoring throughput: the packaged application seeds a simulated shop through the tracking API and trains all
 * four use cases; restarted with the periodic refresh off, it ranks the shop's own customers for recommend, then
 * scores {@code bench.batch-copies} copies of every customer's aggregates for churn, propensity and ctr, through
 * {@code POST /api/scoring/batch}, three runs per use case; prints customers/s.
 */
public final class BatchScoringBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        BenchApp.runAndExit(BatchScoringBenchmark::run);
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
            for (String[] job : new String[][] {
                {"churn", "logistic-regression"},
                {"propensity", "logistic-regression"},
                {"ctr", "logistic-regression"},
                // -Dbench.recommender=neumf-recent: the variant that reads each customer's latest products
                {"recommend", System.getProperty("bench.recommender", "neumf")}
            }) {
                String queued = post(
                        port,
                        "/api/training/events",
                        "{\"useCase\":\"" + job[0] + "\",\"trials\":1,\"algorithms\":[\"" + job[1] + "\"]}");
                awaitTraining(
                        port,
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree(queued)
                                .get("id")
                                .asLong());
            }
        } finally {
            app.destroy();
            app.waitFor();
        }
        long launched = System.nanoTime();
        app = BenchApp.start(embedded, port, dir, "-Xmx1g", List.of("-Daffinity.features.refresh-every=off"));
        try {
            firstScore(port, launched);
            requests(port);
            authCost(embedded, dir, port);
            recommendations(port);
            System.out.printf(
                    "%-12s %10s %10s %10s %10s %14s%n",
                    "use case", "customers", "rows", "popularity", "ms", "customers/s");
            // Recommend on the shop's own customers: copies below would be unknown to the model (popularity only).
            for (int round = 0; round < 3; round++) run(port, "recommend");
            copyCustomers(embedded, copies);
            for (int round = 0; round < 3; round++) {
                for (String useCase : List.of("churn", "propensity", "ctr")) run(port, useCase);
            }
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    /**
     * From launching {@code java -jar} to the first churn score served (PostgreSQL and the S3 store already running,
     * as for a Lambda: the model is loaded from the registry on that first request). Polls every 5 ms.
     */
    private static void firstScore(int port, long launched) throws Exception {
        HttpClient fresh = HttpClient.newHttpClient();
        String body = "{\"useCase\":\"churn\",\"customerId\":\"cust-1\",\"reasons\":false}";
        long up = 0;
        while (System.nanoTime() - launched < 120_000_000_000L) {
            try {
                HttpResponse<String> r = fresh.send(score(port, body), HttpResponse.BodyHandlers.ofString());
                if (up == 0) up = System.nanoTime();
                if (r.statusCode() == 200) {
                    long served = System.nanoTime();
                    System.out.printf(
                            "process start to first churn score: %.2f s (HTTP up after %.2f s)%n",
                            (served - launched) / 1e9, (up - launched) / 1e9);
                    return;
                }
                throw new IllegalStateException("first score: HTTP " + r.statusCode() + " " + r.body());
            } catch (java.io.IOException notYet) {
                Thread.sleep(5);
            }
        }
        throw new IllegalStateException("no score within two minutes of start");
    }

    /**
     * {@code POST /api/score} end to end, one client, one connection kept alive: the PostgreSQL read of the
     * customer's aggregates, the model call and JSON both ways. 2,000 requests to warm up, 10,000 measured.
     */
    private static void requests(int port) throws Exception {
        for (boolean reasons : new boolean[] {false, true}) {
            int measured = 10_000;
            long[] took = new long[measured];
            int n = 0;
            for (int i = -2_000; i < measured; i++) {
                String body = "{\"useCase\":\"churn\",\"customerId\":\"cust-" + (1 + Math.floorMod(i * 7919, 1800))
                        + "\",\"reasons\":" + reasons + "}";
                long t0 = System.nanoTime();
                HttpResponse<String> r = HTTP.send(score(port, body), HttpResponse.BodyHandlers.ofString());
                long t1 = System.nanoTime();
                if (r.statusCode() != 200 && r.statusCode() != 404)
                    throw new IllegalStateException("POST /api/score: HTTP " + r.statusCode() + " " + r.body());
                if (i >= 0 && r.statusCode() == 200) took[n++] = t1 - t0; // a 404 (no such customer) is not timed
            }
            java.util.Arrays.sort(took, 0, n);
            System.out.printf(
                    "POST /api/score churn, reasons %s: p50 %.2f ms, p99 %.2f ms (%,d scores, one connection)%n",
                    reasons, took[n / 2] / 1e6, took[n * 99 / 100] / 1e6, n);
        }
    }

    /**
     * What checking an API key costs on {@code POST /api/score} (churn, no reasons): the application as packaged,
     * beside a second one on the same PostgreSQL and S3 with {@code affinity.access.open=true}, their calls
     * interleaved in rounds (which goes first alternates), one client and connection each. 10,000 calls per side to
     * warm up, then 6 rounds of 3,000.
     */
    private static void authCost(Map<String, String> embedded, Path dir, int port) throws Exception {
        int openPort = port + 1;
        Process open = BenchApp.start(
                embedded,
                openPort,
                dir,
                "-Xmx1g",
                List.of("-Daffinity.features.refresh-every=off", "-Daffinity.access.open=true"));
        try {
            BenchApp.waitUntilUp(openPort);
            int rounds = 6;
            int perRound = 3_000;
            long[][] took = {new long[rounds * perRound], new long[rounds * perRound]};
            int[] n = new int[2];
            HttpClient[] clients = {HttpClient.newHttpClient(), HttpClient.newHttpClient()};
            for (int round = -1; round < rounds; round++) {
                int calls = round < 0 ? 10_000 : perRound;
                for (int k = 0; k < 2; k++) {
                    int side = Math.floorMod(round + k, 2); // 0: with a key, 1: open
                    for (int i = 0; i < calls; i++) {
                        String body = "{\"useCase\":\"churn\",\"customerId\":\"cust-"
                                + (1 + Math.floorMod((round * calls + i) * 7919, 1800)) + "\",\"reasons\":false}";
                        HttpRequest request = side == 0
                                ? score(port, body)
                                : HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + openPort + "/api/score"))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build();
                        long t0 = System.nanoTime();
                        HttpResponse<String> r = clients[side].send(request, HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        if (r.statusCode() != 200 && r.statusCode() != 404)
                            throw new IllegalStateException("POST /api/score: HTTP " + r.statusCode() + " " + r.body());
                        if (round >= 0 && r.statusCode() == 200) took[side][n[side]++] = t1 - t0;
                    }
                }
            }
            double[][] p = new double[2][2];
            for (int side = 0; side < 2; side++) {
                java.util.Arrays.sort(took[side], 0, n[side]);
                p[side][0] = took[side][n[side] / 2] / 1e6;
                p[side][1] = took[side][n[side] * 99 / 100] / 1e6;
            }
            System.out.printf(
                    "POST /api/score churn, auth cost: with an API key p50 %.3f ms, p99 %.3f ms; open p50 %.3f ms,"
                            + " p99 %.3f ms; key/open p50 %.3fx, p99 %.3fx (%,d and %,d scores)%n",
                    p[0][0], p[0][1], p[1][0], p[1][1], p[0][0] / p[1][0], p[0][1] / p[1][1], n[0], n[1]);
        } finally {
            open.destroy();
            open.waitFor();
        }
    }

    /**
     * {@code GET /api/customers/{id}/recommendations?k=10} end to end, one client, one connection: the customer's
     * orders (and, for NeuMF with recent items, latest products) read from PostgreSQL, one all-items model call, the
     * top 10 picked. 1,000 requests to warm up, 5,000 measured.
     */
    private static void recommendations(int port) throws Exception {
        int measured = 5_000;
        long[] took = new long[measured];
        int n = 0;
        for (int i = -1_000; i < measured; i++) {
            String customer = "cust-" + (1 + Math.floorMod(i * 7919, 1800));
            HttpRequest get = BenchApp.request(port, "/api/customers/" + customer + "/recommendations?k=10")
                    .build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            if (r.statusCode() != 200)
                throw new IllegalStateException("GET recommendations: HTTP " + r.statusCode() + " " + r.body());
            if (i >= 0) took[n++] = t1 - t0;
        }
        java.util.Arrays.sort(took, 0, n);
        System.out.printf(
                "GET recommendations k=10 (%s): p50 %.2f ms, p99 %.2f ms (%,d requests, one connection)%n",
                System.getProperty("bench.recommender", "neumf"), took[n / 2] / 1e6, took[n * 99 / 100] / 1e6, n);
    }

    private static HttpRequest score(int port, String body) {
        return BenchApp.request(port, "/api/score")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static void run(int port, String useCase) throws Exception {
        JsonNode r = JSON.readTree(post(port, "/api/scoring/batch", "{\"useCase\":\"" + useCase + "\",\"k\":10}"));
        System.out.printf(
                "%-12s %,10d %,10d %,10d %,10d %,14.0f%n",
                useCase,
                r.get("customers").asInt(),
                r.get("rows").asLong(),
                r.get("fallbacks").asInt(),
                r.get("millis").asLong(),
                r.get("customersPerSecond").asDouble());
    }

    /** {@code copies} more customers with the aggregates of each real one. */
    private static void copyCustomers(Map<String, String> embedded, int copies) throws Exception {
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
                BenchApp.request(port, path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2)
            throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + r.body());
        return r.body();
    }

    /** Trainings over HTTP are jobs: waits until this one has ended, and fails the benchmark if it failed. */
    private static void awaitTraining(int port, long id) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        while (true) {
            HttpResponse<String> r = HTTP.send(
                    BenchApp.request(port, "/api/training/" + id).build(), HttpResponse.BodyHandlers.ofString());
            String status = json.readTree(r.body()).get("status").asText();
            if (status.equals("done")) return;
            if (!status.equals("queued") && !status.equals("running"))
                throw new IllegalStateException("training job " + id + " " + status + ": " + r.body());
            Thread.sleep(500);
        }
    }

    private static HttpResponse<Void> get(int port, String path) throws Exception {
        return HTTP.send(BenchApp.request(port, path).build(), HttpResponse.BodyHandlers.discarding());
    }
}
