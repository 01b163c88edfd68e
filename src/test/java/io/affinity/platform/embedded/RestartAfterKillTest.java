package io.affinity.platform.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the application leaves its embedded PostgreSQL running (pg_ctl daemonizes it). The next start must
 * not need a person: it stops the orphan and starts at once, with every committed row.
 */
class RestartAfterKillTest {

    @TempDir
    Path dir;

    @Test
    void theStartAfterAKillStopsTheOrphanAndKeepsCommittedRows() throws Exception {
        Path data = dir.resolve("postgres");
        Process first = child(data);
        assertEquals("ROWS 1", awaitReady(first));
        Optional<ProcessHandle> orphan = OrphanServer.holder(data);
        assertTrue(orphan.isPresent(), "the first child's PostgreSQL holds the folder");

        first.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(first.waitFor(10, TimeUnit.SECONDS));
        assertTrue(orphan.get().isAlive(), "PostgreSQL outlives the killed process (the case to recover from)");

        long t0 = System.nanoTime();
        Process second = child(data);
        try {
            assertEquals("ROWS 2", awaitReady(second), "the row committed before the kill is still there");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertTrue(took.toSeconds() < 30, "restarted in " + took + ", not after the 60 s start wait");
            assertFalse(orphan.get().isAlive(), "the orphan was stopped");
        } finally {
            second.destroy(); // a normal stop: its shutdown hook stops its PostgreSQL
            second.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFolderInUseByALiveApplicationIsNotTakenFromIt() throws Exception {
        Path data = dir.resolve("shared");
        Process owner = child(data);
        try {
            assertEquals("ROWS 1", awaitReady(owner));
            IOException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IOException.class, () -> OrphanServer.stopIfRunning(data));
            assertTrue(refused.getMessage().contains("in use by another running application"), refused.getMessage());
            assertTrue(OrphanServer.holder(data).isPresent(), "the owner's PostgreSQL still runs");
        } finally {
            owner.destroy();
            owner.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Process child(Path data) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedPostgresChild.class.getName(),
                        data.toString())
                .redirectErrorStream(true)
                .start();
    }

    /** The child's row-count line, once it says it is ready (within 60 s). */
    private static String awaitReady(Process p) throws Exception {
        List<String> seen = new ArrayList<>();
        CompletableFuture<String> rows = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String rowsLine = null;
                for (String line; (line = r.readLine()) != null; ) {
                    seen.add(line);
                    if (line.startsWith("ROWS ")) rowsLine = line;
                    if (line.equals("READY")) return rowsLine;
                }
                return "exited: " + String.join("\n", seen);
            } catch (IOException e) {
                return "unreadable: " + e;
            }
        });
        return rows.get(60, TimeUnit.SECONDS);
    }
}
