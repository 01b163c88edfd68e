package io.affinity.platform.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL server left running on our data folder by an application that was killed (kill -9, the out-of-memory
 * killer): {@code pg_ctl} starts the server as a daemon, so it outlives its parent, keeps the folder's lock and makes
 * the next start wait in vain. It is found by the folder's {@code postmaster.pid} and stopped before the next start;
 * PostgreSQL then recovers from its write-ahead log as after any crash, so committed data is kept.
 */
final class OrphanServer {

    private static final Logger LOG = Logger.getLogger(OrphanServer.class);

    private OrphanServer() {}

    /** Stops the server that holds {@code dataDir}, if one does and it is PostgreSQL on this very folder. */
    static void stopIfRunning(Path dataDir) throws IOException {
        Optional<ProcessHandle> server = holder(dataDir);
        if (server.isEmpty()) {
            return;
        }
        ProcessHandle pg = server.get();
        if (!ownerIsGone(dataDir)) {
            throw new IOException("the data folder " + dataDir + " is in use by another running application (its"
                    + " PostgreSQL is pid " + pg.pid() + "): stop it, or give this one another affinity.data-dir");
        }
        LOG.warnf(
                "An embedded PostgreSQL (pid %d) is still running on %s, left by a process that did not stop cleanly;"
                        + " stopping it before starting again",
                pg.pid(), dataDir);
        long t0 = System.nanoTime();
        // SIGTERM is a smart shutdown; its clients died with their process, so nothing holds it open.
        pg.destroy();
        if (!exited(pg, 20)) {
            LOG.warnf(
                    "PostgreSQL (pid %d) did not stop within 20 s; killing it (it recovers at the next start)",
                    pg.pid());
            pg.destroyForcibly();
            if (!exited(pg, 10)) {
                throw new IOException("PostgreSQL (pid " + pg.pid() + ") on " + dataDir + " cannot be stopped");
            }
        }
        LOG.infof("The orphaned PostgreSQL stopped in %d ms", (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The embedded server's owner holds a file lock on {@code epg-lock} while it lives (zonky takes it at start); the
     * kernel releases it when that process dies, however it dies.
     */
    private static boolean ownerIsGone(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (OverlappingFileLockException e) {
            return false; // this very JVM holds it
        }
    }

    /** The live PostgreSQL process named by the folder's lock file, if the lock file names one. */
    static Optional<ProcessHandle> holder(Path dataDir) throws IOException {
        List<String> lock;
        try {
            lock = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lock.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lock.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Path named = Path.of(lock.get(1).strip());
        boolean ourFolder = Files.exists(named) && named.toRealPath().equals(dataDir.toRealPath());
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> ourFolder)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    }

    private static boolean exited(ProcessHandle p, int seconds) {
        try {
            p.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }
}
