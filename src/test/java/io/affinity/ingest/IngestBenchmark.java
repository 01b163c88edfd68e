package io.affinity.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.affinity.demo.ShopSimulator;
import io.affinity.ingest.RequestParser.RawEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.postgresql.PGConnection;

/**
 * Ingestion throughput, end to end and against its raw baselines, in one run on one machine:
 *
 * <ol>
 *   <li>end to end: the packaged application ({@code target/affinity-runner.jar}, its own JVM) takes
 *       {@code POST /v1/batch} requests of 500 simulated shop events from {@code CLIENTS} concurrent clients;
 *   <li>raw COPY: the same rows, already encoded, COPYed into the same table, 500 rows a transaction, same
 *       concurrency;
 *   <li>naive: the same rows as one INSERT statement per row, 500 a transaction (on a subset).
 * </ol>
 *
 * Each phase starts from an empty {@code event} table. Run with {@code ./mvnw -Pbench verify} (see README).
 */
public final class IngestBenchmark {

    static final int BATCH = 500;
    static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    static final int EVENTS = Integer.getInteger("bench.events", 400_000);
    static final int NAIVE_EVENTS = Integer.getInteger("bench.naive-events", 40_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int WARMUP_EVENTS = Integer.getInteger("bench.warmup-events", 200_000);
    /** The warm-up events are posted this many times (into an emptied table each time) before anything is timed. */
    static final int WARMUP_PASSES = Integer.getInteger("bench.warmup-passes", 20);

    public static void main(String[] args) throws Exception {
        BenchApp.runAndExit(IngestBenchmark::run);
    }

    private static void run() throws Exception {
        Path dir = Files.createTempDirectory("affinity-bench");
        Map<String, String> embedded = BenchApp.servers(dir);
        String jdbc = embedded.get("quarkus.datasource.jdbc.url");
        int port = 18_080;
        Process app = BenchApp.start(embedded, port, dir, "-Xmx2g");
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            BenchApp.waitUntilUp(port);
            String writeKey = BenchApp.createSource(port, "bench");
            long sourceId = sourceId(db);
            System.out.printf("Generating %,d simulated shop events...%n", EVENTS);
            List<ObjectNode> events = simulate(EVENTS + WARMUP_EVENTS);
            List<byte[]> warmup = bodies(events.subList(EVENTS, events.size()));
            List<byte[]> bodies = bodies(events.subList(0, EVENTS));

            // Warm-up until the server's JIT compilers have (nearly) finished. Per-request code (HTTP, transaction,
            // JDBC) runs once per 500 events, so it reaches C2 only after thousands of requests: after one pass of
            // 200,000 events the compilers still took a third of the application's CPU, a cold server.
            for (int pass = 0; pass < WARMUP_PASSES; pass++) {
                truncate(db);
                CpuTime.Mark m = CpuTime.mark(app);
                post(port, writeKey, warmup);
                System.out.printf(
                        "warm-up pass %d: %s%n", pass + 1, CpuTime.perEvent(m, CpuTime.mark(app), WARMUP_EVENTS));
            }
            List<byte[]> copyChunks = copyChunks(sourceId, events.subList(0, EVENTS));
            List<TrackedEvent> naiveRows = tracked(sourceId, events.subList(0, NAIVE_EVENTS));
            // The phases alternate, ROUNDS times, so drift of the machine touches each alike; medians are reported.
            double[] e2e = new double[ROUNDS];
            double[] copy = new double[ROUNDS];
            double[] ratio = new double[ROUNDS];
            CpuTime e2eCpu = new CpuTime();
            CpuTime copyCpu = new CpuTime();
            for (int r = 0; r < ROUNDS; r++) {
                truncate(db);
                CpuTime.Mark m = CpuTime.mark(app);
                e2e[r] = EVENTS / time(() -> post(port, writeKey, bodies));
                CpuTime.Mark end = CpuTime.mark(app);
                e2eCpu.add(m, end);
                System.out.printf(
                        "round %d: end to end %,.0f events/s, %s%n", r + 1, e2e[r], CpuTime.perEvent(m, end, EVENTS));
                check(db, EVENTS);
                truncate(db);
                m = CpuTime.mark(app);
                copy[r] = EVENTS / time(() -> copy(jdbc, copyChunks));
                copyCpu.add(m, CpuTime.mark(app));
                check(db, EVENTS);
                ratio[r] = e2e[r] / copy[r];
            }
            truncate(db);
            double naive = NAIVE_EVENTS / time(() -> naiveInsert(jdbc, sourceId, naiveRows));
            check(db, NAIVE_EVENTS);

            System.out.println();
            System.out.printf(
                    "Ingestion, %,d events in batches of %d, %d concurrent clients, %d cores, median of %d rounds:%n",
                    EVENTS, BATCH, CLIENTS, Runtime.getRuntime().availableProcessors(), ROUNDS);
            System.out.printf(
                    "  end to end POST /v1/batch : %,10.0f events/s  (%.2fx raw COPY; rounds %s)%n",
                    median(e2e), median(ratio), range(e2e));
            System.out.printf(
                    "  raw COPY, same rows       : %,10.0f events/s  (rounds %s)%n", median(copy), range(copy));
            System.out.printf("  naive per-row INSERT      : %,10.0f events/s  (%,d events)%n", naive, NAIVE_EVENTS);
            long n = (long) EVENTS * ROUNDS;
            System.out.printf(
                    "CPU per event, end to end : application %.1f us (JIT compiler %.1f us), PostgreSQL %.1f us,"
                            + " load generator %.1f us%n",
                    e2eCpu.app / 1e3 / n, e2eCpu.jit / 1e3 / n, e2eCpu.postgres / 1e3 / n, e2eCpu.self / 1e3 / n);
            System.out.printf(
                    "CPU per event, raw COPY   : PostgreSQL %.1f us, COPY client %.1f us%n",
                    copyCpu.postgres / 1e3 / n, copyCpu.self / 1e3 / n);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private static long sourceId(Connection db) throws Exception {
        try (var rs = db.createStatement().executeQuery("SELECT id FROM source WHERE name = 'bench'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<ObjectNode> simulate(int n) {
        List<ObjectNode> events = new ArrayList<>(n);
        new ShopSimulator(new ShopSimulator.Config(20_000, 1000, 16, 30, 120, 7), Instant.now()).run(e -> {
            if (events.size() < n) {
                events.add(e);
            }
        });
        if (events.size() < n) {
            throw new IllegalStateException("the simulated shop is too small for " + n + " events");
        }
        return events;
    }

    private static List<byte[]> bodies(List<ObjectNode> events) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < events.size(); i += BATCH) {
            ObjectNode body = mapper.createObjectNode();
            body.putArray("batch").addAll(events.subList(i, Math.min(i + BATCH, events.size())));
            bodies.add(mapper.writeValueAsBytes(body));
        }
        return bodies;
    }

    private static List<TrackedEvent> tracked(long sourceId, List<ObjectNode> events) throws Exception {
        BatchContext ctx = new BatchContext(Instant.now(), null, null, null);
        List<TrackedEvent> rows = new ArrayList<>(events.size());
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < events.size(); i++) {
            rows.add(EventReader.read(RawEvent.of(i, mapper.writeValueAsBytes(events.get(i))), ctx, sourceId, null));
        }
        return rows;
    }

    private static List<byte[]> copyChunks(long sourceId, List<ObjectNode> events) throws Exception {
        List<TrackedEvent> rows = tracked(sourceId, events);
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += BATCH) {
            chunks.add(EventStore.CopyRows.encode(sourceId, rows.subList(i, Math.min(i + BATCH, rows.size())))
                    .bytes());
        }
        return chunks;
    }

    /**
     * CPU time (ns) spent by the application, the PostgreSQL processes and this JVM, summed over phases; and the
     * application's JIT compiler threads' share of it, which says whether the server was warm.
     */
    static final class CpuTime {
        long app;
        long jit;
        long postgres;
        long self;

        record Mark(long app, long jit, long postgres, long self) {}

        static Mark mark(Process app) {
            return new Mark(cpu(app.toHandle()), jitCpu(app.pid()), postgresCpu(), cpu(ProcessHandle.current()));
        }

        void add(Mark from, Mark to) {
            app += to.app() - from.app();
            jit += to.jit() - from.jit();
            postgres += to.postgres() - from.postgres();
            self += to.self() - from.self();
        }

        /** The application's CPU per event between two marks, and the JIT compilers' share of it. */
        static String perEvent(Mark from, Mark to, long events) {
            return String.format(
                    "application CPU %.1f us per event (JIT %.1f us)",
                    (to.app() - from.app()) / 1e3 / events, (to.jit() - from.jit()) / 1e3 / events);
        }

        /** CPU of the JIT compiler threads, from Linux's per-thread counters (0 where there is no /proc). */
        private static long jitCpu(long pid) {
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            if (!Files.isDirectory(tasks)) {
                return 0;
            }
            long ticks = 0;
            try (var threads = Files.list(tasks)) {
                for (Path t : threads.toList()) {
                    try {
                        if (!Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                            continue;
                        }
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    } catch (IOException gone) {
                        // the thread ended between the listing and the read
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        }

        private static long cpu(ProcessHandle p) {
            return p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }

        private static long postgresCpu() {
            return ProcessHandle.allProcesses()
                    .filter(p ->
                            p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                    .mapToLong(CpuTime::cpu)
                    .sum();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String range(double[] values) {
        return java.util.Arrays.stream(values)
                .mapToObj(v -> String.format("%,.0f", v))
                .collect(java.util.stream.Collectors.joining(" / "));
    }

    interface Work {
        void run() throws Exception;
    }

    private static double time(Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Runs {@code count} units over {@code CLIENTS} threads, each unit taken from a shared counter. */
    private static void concurrently(int count, IntConsumer unit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    unit.accept(i);
                }
            }));
        }
        try {
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Posts every body with {@code CLIENTS} requests in flight, through Vert.x's (Netty) HTTP client: the load
     * generator shares the machine, so it has to be cheap.
     */
    private static void post(int port, String writeKey, List<byte[]> bodies) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            io.vertx.core.http.HttpClient http = vertx.createHttpClient(new HttpClientOptions()
                    .setDefaultHost("127.0.0.1")
                    .setDefaultPort(port)
                    .setKeepAlive(true)
                    .setMaxPoolSize(CLIENTS));
            String auth =
                    "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
            List<Buffer> buffers = bodies.stream().map(Buffer::buffer).toList();
            AtomicInteger next = new AtomicInteger();
            CompletableFuture<Void> done = new CompletableFuture<>();
            AtomicInteger running = new AtomicInteger(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                sendNext(http, auth, buffers, next, running, done);
            }
            done.get();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static void sendNext(
            io.vertx.core.http.HttpClient http,
            String auth,
            List<Buffer> buffers,
            AtomicInteger next,
            AtomicInteger running,
            CompletableFuture<Void> done) {
        int i = next.getAndIncrement();
        if (i >= buffers.size()) {
            if (running.decrementAndGet() == 0) {
                done.complete(null);
            }
            return;
        }
        http.request(HttpMethod.POST, "/v1/batch")
                .compose(req -> req.putHeader("Authorization", auth)
                        .putHeader("Content-Type", "application/json")
                        .send(buffers.get(i)))
                .compose(resp -> resp.body().map(body -> {
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + resp.statusCode() + ": " + body);
                    }
                    return body;
                }))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        done.completeExceptionally(ar.cause());
                    } else {
                        sendNext(http, auth, buffers, next, running, done);
                    }
                });
    }

    private static void copy(String jdbc, List<byte[]> chunks) throws Exception {
        ThreadLocal<Connection> conns = ThreadLocal.withInitial(() -> connect(jdbc));
        concurrently(chunks.size(), i -> {
            try {
                Connection c = conns.get();
                c.unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn(EventStore.COPY_EVENT, new ByteArrayInputStream(chunks.get(i)));
                c.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void naiveInsert(String jdbc, long sourceId, List<TrackedEvent> rows) throws Exception {
        ThreadLocal<Connection> conns = ThreadLocal.withInitial(() -> connect(jdbc));
        int batches = (rows.size() + BATCH - 1) / BATCH;
        concurrently(batches, b -> {
            Connection c = conns.get();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO event (" + EventStore.COLUMNS + ") VALUES"
                    + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb,"
                    + " ?)")) {
                for (TrackedEvent e : rows.subList(b * BATCH, Math.min((b + 1) * BATCH, rows.size()))) {
                    bind(ps, sourceId, e);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void bind(PreparedStatement ps, long sourceId, TrackedEvent e) throws Exception {
        ps.setLong(1, sourceId);
        ps.setString(2, e.messageId());
        ps.setString(3, e.type().dbName());
        ps.setString(4, e.kind().dbName());
        ps.setString(5, e.event());
        ps.setString(6, e.userId());
        ps.setString(7, e.anonymousId());
        ps.setString(8, e.previousId());
        ps.setTimestamp(9, Timestamp.from(e.ts()));
        ps.setTimestamp(10, Timestamp.from(e.receivedAt()));
        ps.setTimestamp(11, e.sentAt() == null ? null : Timestamp.from(e.sentAt()));
        ps.setTimestamp(12, e.originalTimestamp() == null ? null : Timestamp.from(e.originalTimestamp()));
        ps.setString(13, e.productId());
        ps.setString(14, e.category());
        ps.setObject(15, e.price(), Types.DOUBLE);
        ps.setObject(16, e.quantity(), Types.INTEGER);
        ps.setString(17, e.orderId());
        ps.setObject(18, e.revenue(), Types.DOUBLE);
        ps.setString(19, e.promotionId());
        ps.setString(20, e.name());
        ps.setString(21, e.groupId());
        ps.setString(22, e.properties() == null ? null : e.properties().toString());
        ps.setString(23, e.traits() == null ? null : e.traits().toString());
        ps.setString(24, e.context() == null ? null : e.context().toString());
        ps.setObject(25, e.claimedTs() == null ? null : java.sql.Timestamp.from(e.claimedTs()));
    }

    private static Connection connect(String jdbc) {
        try {
            Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres");
            c.setAutoCommit(false);
            return c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void truncate(Connection db) throws Exception {
        try (Statement st = db.createStatement()) {
            st.execute("TRUNCATE event");
            st.execute("CHECKPOINT");
        }
    }

    private static void check(Connection db, long expected) throws Exception {
        try (var rs = db.createStatement().executeQuery("SELECT count(*) FROM event")) {
            rs.next();
            if (rs.getLong(1) != expected) {
                throw new IllegalStateException("expected " + expected + " events stored, found " + rs.getLong(1));
            }
        }
    }
}
