package io.affinity.segments;

import io.affinity.ingest.BenchApp;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * Segments at scale: the packaged application over 1,000,000 customers (aggregates, traits and two batch runs of
 * scores written with COPY, not a billion events through the API). Prints the live count of a three-condition rule
 * (server time and round trip) beside the same count as a plain hand-written SQL query on the tables, and the
 * refresh of a segment of about 100,000 members. {@code -Dbench.customers=} sets the population.
 */
public final class SegmentBenchmark {

    private static final Pattern MILLIS = Pattern.compile("\"millis\":(\\d+)");
    private static final Pattern COUNT = Pattern.compile("\"count\":(\\d+)");

    public static void main(String[] args) throws Exception {
        BenchApp.runAndExit(SegmentBenchmark::run);
    }

    static void run() throws Exception {
        int customers = Integer.getInteger("bench.customers", 1_000_000);
        int calls = Integer.getInteger("bench.calls", 40);
        Path dir = Files.createTempDirectory("affinity-segment-bench-");
        Map<String, String> embedded = BenchApp.servers(dir);
        int port = 18_090;
        Process app = BenchApp.start(embedded, port, dir, "-Xmx1g");
        try (Connection db =
                DriverManager.getConnection(embedded.get("quarkus.datasource.jdbc.url"), "postgres", "postgres")) {
            BenchApp.waitUntilUp(port); // migrated
            long t = System.nanoTime();
            seed(db, customers);
            System.out.printf(
                    "seeded %,d customers with aggregates, traits and churn/propensity scores in %.1f s%n",
                    customers, (System.nanoTime() - t) / 1e9);
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 2; i++) { // what the aggregate refresh and each batch run add
                long start = System.nanoTime();
                String built = post(http, port, "/api/segments/facts", "");
                System.out.printf(
                        "customer facts of %s customers built in %d ms (server %s ms)%n",
                        find(Pattern.compile("\"customers\":(\\d+)"), built),
                        (System.nanoTime() - start) / 1_000_000,
                        find(MILLIS, built));
            }
            String rule = "{\"all\": [{\"field\": \"churn.probability\", \"op\": \">=\", \"value\": 0.7},"
                    + " {\"field\": \"orders_90d\", \"op\": \">=\", \"value\": 1},"
                    + " {\"field\": \"trait.plan\", \"op\": \"=\", \"value\": \"pro\"}]}";
            String raw = "SELECT count(*) FROM customer_aggregate a"
                    + " JOIN customer_score s ON s.customer_id = a.customer_id AND s.use_case = 'churn'"
                    + " AND s.run_id = (SELECT max(id) FROM score_run WHERE use_case = 'churn' AND status = 'done')"
                    + " JOIN customer c ON c.customer_id = a.customer_id"
                    + " WHERE s.probability >= 0.7 AND a.orders_90d >= 1 AND c.traits ->> 'plan' = 'pro'";
            String facts = "SELECT count(*) FROM segment_fact WHERE churn_probability >= 0.7 AND orders_90d >= 1"
                    + " AND traits ->> 'plan' = 'pro'";
            long[] server = new long[calls], trip = new long[calls], plain = new long[calls], onFacts = new long[calls];
            long count = 0, rawCount = 0;
            for (int i = -5; i < calls; i++) { // 5 warm-up rounds, then interleaved side by side
                long start = System.nanoTime();
                String body = post(http, port, "/api/segments/preview", "{\"rule\": " + rule + "}");
                long tripNanos = System.nanoTime() - start;
                start = System.nanoTime();
                try (Statement st = db.createStatement();
                        ResultSet rs = st.executeQuery(raw)) {
                    rs.next();
                    rawCount = rs.getLong(1);
                }
                long plainNanos = System.nanoTime() - start;
                start = System.nanoTime();
                try (Statement st = db.createStatement();
                        ResultSet rs = st.executeQuery(facts)) {
                    rs.next();
                    if (rs.getLong(1) != rawCount) throw new IllegalStateException("the facts count differs");
                }
                long factsNanos = System.nanoTime() - start;
                count = Long.parseLong(find(COUNT, body));
                if (i < 0) continue;
                server[i] = Long.parseLong(find(MILLIS, body));
                trip[i] = tripNanos / 1_000_000;
                plain[i] = plainNanos / 1_000_000;
                onFacts[i] = factsNanos / 1_000_000;
            }
            if (count != rawCount) throw new IllegalStateException("counts differ: " + count + " vs " + rawCount);
            System.out.printf(
                    "live count, 3 conditions (%,d members of %,d): server p50 %d ms (p90 %d), round trip p50 %d ms;"
                            + " plain SQL on the tables p50 %d ms (p90 %d), %.2fx; plain count on the facts p50 %d ms"
                            + " (p90 %d), %.2fx%n",
                    count,
                    customers,
                    p(server, 50),
                    p(server, 90),
                    p(trip, 50),
                    p(plain, 50),
                    p(plain, 90),
                    p(server, 50) / (double) Math.max(1, p(plain, 50)),
                    p(onFacts, 50),
                    p(onFacts, 90),
                    p(server, 50) / (double) Math.max(1, p(onFacts, 50)));

            String big = "{\"field\": \"churn.probability\", \"op\": \">=\", \"value\": 0.9}";
            String created = post(http, port, "/api/segments", "{\"name\": \"bench 100k\", \"rule\": " + big + "}");
            String id = find(Pattern.compile("\"id\":(\\d+)"), created);
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                String r = post(http, port, "/api/segments/" + id + "/refresh", "");
                System.out.printf(
                        "refresh %d of a segment of %s members: %s entered, %s left, %d ms (server %s ms)%n",
                        i + 1,
                        find(Pattern.compile("\"size\":(\\d+)"), r),
                        find(Pattern.compile("\"entered\":(\\d+)"), r),
                        find(Pattern.compile("\"left\":(\\d+)"), r),
                        (System.nanoTime() - start) / 1_000_000,
                        find(MILLIS, r));
            }
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                HttpResponse<java.io.InputStream> csv = http.send(
                        BenchApp.request(port, "/api/segments/" + id + "/export.csv")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                long lines = 0;
                try (var in = csv.body()) {
                    byte[] buffer = new byte[1 << 16];
                    for (int r; (r = in.read(buffer)) > 0; ) for (int k = 0; k < r; k++) if (buffer[k] == '\n') lines++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "CSV export of the segment: %,d rows in %.2f s, %,.0f rows/s%n",
                        lines - 1, seconds, (lines - 1) / seconds);
            }
            pages(http, port, db, id, calls);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    /**
     * Each dashboard page's p50 and p90 round trip on loopback (an upper bound of its server time), signed in as a
     * person: a campaign on the 100k segment with orders in its window, so its results have work to do.
     */
    private static void pages(HttpClient http, int port, Connection db, String segmentId, int calls) throws Exception {
        try (Statement st = db.createStatement()) {
            // An order in the last week for one customer in eight: the campaign's results scan them.
            st.execute("INSERT INTO event (source_id, message_id, type, kind, event, user_id, ts, received_at,"
                    + " revenue) SELECT 1, 'bench-order-' || i, 'track', 'order_completed', 'Order Completed',"
                    + " 'bench-' || (i * 8), now() - (i % 7) * interval '1 day', now(), 20 + i % 100"
                    + " FROM generate_series(0, " + (1_000_000 / 8 - 1) + ") i");
            st.execute("VACUUM ANALYZE event");
        }
        String campaign = post(
                http,
                port,
                "/api/campaigns",
                "{\"name\": \"bench\", \"segmentId\": " + segmentId
                        + ", \"offer\": {\"promotionId\": \"bench-offer\"}, \"startsAt\": \""
                        + java.time.Instant.now().minus(java.time.Duration.ofDays(7)) + "\", \"endsAt\": \""
                        + java.time.Instant.now().plus(java.time.Duration.ofDays(7)) + "\", \"holdoutShare\": 0.1}");
        String campaignId = find(Pattern.compile("\"id\":(\\d+)"), campaign);
        post(
                http,
                port,
                "/api/users",
                "{\"name\": \"bench-viewer\", \"password\": \"bench password 42\"," + " \"role\": \"admin\"}");
        String cookies = signIn(http, port, "bench-viewer", "bench password 42");
        List<String> paths = List.of(
                "/",
                "/segments",
                "/segments/" + segmentId,
                "/segments/" + segmentId + "/edit",
                "/campaigns",
                "/campaigns/" + campaignId,
                "/models",
                "/models/churn",
                "/customers/bench-8",
                "/customers?q=bench-8");
        // What a members page costs without its page: the API's sorted page (with reasons) and the id-ordered one.
        for (String path : List.of(
                "/api/segments/" + segmentId + "/members?sort=churn.probability&limit=50",
                "/api/segments/" + segmentId + "/members?limit=50")) {
            long[] trip = new long[calls];
            for (int i = -3; i < calls; i++) {
                long start = System.nanoTime();
                http.send(BenchApp.request(port, path).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (i >= 0) trip[i] = (System.nanoTime() - start) / 1_000_000;
            }
            System.out.printf("api %-60s p50 %4d ms, p90 %4d ms%n", path, p(trip, 50), p(trip, 90));
        }
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS) SELECT s.customer_id FROM latest_score s"
                        + " WHERE s.run_id = (SELECT run_id FROM latest_score_run WHERE use_case = 'churn')"
                        + " AND EXISTS (SELECT 1 FROM segment_member m WHERE m.segment_id = " + segmentId
                        + " AND m.customer_id = s.customer_id) ORDER BY s.probability DESC, s.customer_id LIMIT 50")) {
            System.out.println("plan of the members' page by churn:");
            while (rs.next()) System.out.println("  " + rs.getString(1));
        }
        for (String path : paths) {
            long[] trip = new long[calls];
            for (int i = -3; i < calls; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
                                .header("Cookie", cookies)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                long nanos = System.nanoTime() - start;
                if (r.statusCode() != 200 && r.statusCode() != 303)
                    throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + r.body());
                if (i >= 0) trip[i] = nanos / 1_000_000;
            }
            System.out.printf("page %-28s p50 %4d ms, p90 %4d ms%n", path, p(trip, 50), p(trip, 90));
        }
    }

    /** Signs in through the login form as a browser does: its CSRF cookie and token, then the session cookie. */
    private static String signIn(HttpClient http, int port, String name, String password) throws Exception {
        HttpResponse<String> form = http.send(
                HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/login"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String csrf = cookie(form, "csrf-token");
        String token = find(Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\""), form.body());
        String body = "csrf-token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8) + "&name=" + name
                + "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8) + "&next=/";
        HttpResponse<String> in = http.send(
                HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", "csrf-token=" + csrf)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return "csrf-token=" + csrf + "; affinity_session=" + cookie(in, "affinity_session");
    }

    private static String cookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + name + " cookie in " + response.headers()));
    }

    private static void seed(Connection db, int n) throws Exception {
        Random random = new Random(20261202L);
        var copy = db.unwrap(PGConnection.class).getCopyAPI();
        StringBuilder aggregates = new StringBuilder(), traits = new StringBuilder();
        StringBuilder churn = new StringBuilder(), propensity = new StringBuilder();
        long churnRun, propensityRun;
        try (Statement st = db.createStatement()) {
            churnRun = runId(st, "churn");
            propensityRun = runId(st, "propensity");
        }
        for (int i = 0; i < n; i++) {
            String id = "bench-" + i;
            int orders90 = random.nextInt(4) == 0 ? 1 + random.nextInt(5) : 0;
            int events30 = random.nextInt(40), events90 = events30 + random.nextInt(60);
            double revenue90 = orders90 * (20 + random.nextInt(200));
            aggregates
                    .append(id)
                    .append(",2026-12-01T00:00:00Z,2025-01-01T00:00:00Z,2026-11-20T00:00:00Z,")
                    .append(random.nextInt(120))
                    .append(',')
                    .append(random.nextInt(10))
                    .append(',')
                    .append(events30)
                    .append(',')
                    .append(events90)
                    .append(',')
                    .append(random.nextInt(20))
                    .append(',')
                    .append(random.nextInt(30))
                    .append(',')
                    .append(random.nextInt(5))
                    .append(',')
                    .append(Math.min(orders90, 2))
                    .append(',')
                    .append(orders90)
                    .append(',')
                    .append(orders90 + random.nextInt(10))
                    .append(',')
                    .append(revenue90 / 3)
                    .append(',')
                    .append(revenue90)
                    .append(',')
                    .append(revenue90 * 3)
                    .append(',')
                    .append(random.nextInt(8))
                    .append(',')
                    .append(random.nextInt(2))
                    .append(",,")
                    .append(random.nextBoolean())
                    .append(",,{},{}\n");
            traits.append(id)
                    .append(",\"{\"\"plan\"\": \"\"")
                    .append(random.nextInt(3) == 0 ? "pro" : "free")
                    .append("\"\", \"\"age\"\": ")
                    .append(18 + random.nextInt(60))
                    .append("}\"\n");
            double pc = random.nextDouble(), pp = random.nextDouble();
            churn.append(churnRun)
                    .append(',')
                    .append(id)
                    .append(",churn,1,")
                    .append(pc)
                    .append(',')
                    .append(pc >= 0.7 ? "high" : pc >= 0.4 ? "medium" : "low")
                    .append(",2026-12-01T00:00:00Z\n");
            propensity
                    .append(propensityRun)
                    .append(',')
                    .append(id)
                    .append(",propensity,1,")
                    .append(pp)
                    .append(',')
                    .append(pp >= 0.7 ? "high" : pp >= 0.4 ? "medium" : "low")
                    .append(",2026-12-01T00:00:00Z\n");
            if (aggregates.length() > 8_000_000 || i == n - 1) {
                copy.copyIn("COPY customer_aggregate FROM STDIN (FORMAT csv)", in(aggregates));
                copy.copyIn("COPY customer (customer_id, traits) FROM STDIN (FORMAT csv)", in(traits));
                String cols = " (run_id, customer_id, use_case, model_version, probability, band, scored_at)";
                copy.copyIn("COPY customer_score" + cols + " FROM STDIN (FORMAT csv)", in(churn));
                copy.copyIn("COPY customer_score" + cols + " FROM STDIN (FORMAT csv)", in(propensity));
                for (StringBuilder b : List.of(aggregates, traits, churn, propensity)) b.setLength(0);
            }
        }
        try (Statement st = db.createStatement()) {
            st.execute("UPDATE score_run SET status = 'done', customers = " + n + ", finished_at = now()");
            st.execute("VACUUM ANALYZE customer_aggregate");
            st.execute("VACUUM ANALYZE customer");
            st.execute("VACUUM ANALYZE customer_score");
        }
    }

    private static long runId(Statement st, String useCase) throws Exception {
        try (ResultSet rs = st.executeQuery("INSERT INTO score_run (use_case, model_version, status, started_at)"
                + " VALUES ('" + useCase + "', 1, 'running', now()) RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static ByteArrayInputStream in(StringBuilder rows) {
        return new ByteArrayInputStream(rows.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String post(HttpClient http, int port, String path, String body) throws Exception {
        HttpRequest request = BenchApp.request(port, path)
                .header("Content-Type", "application/json")
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300)
            throw new IllegalStateException(path + ": HTTP " + response.statusCode() + " " + response.body());
        return response.body();
    }

    private static String find(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) throw new IllegalStateException(p + " not in " + body);
        return m.group(1);
    }

    private static long p(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)];
    }
}
