package io.affinity.platform.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/** A real PostgreSQL server (zonky's packaged binaries) on loopback, with its data in the given folder. */
final class EmbeddedPostgresServer {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class);

    private EmbeddedPostgresServer() {}

    static Map<String, String> start(Path dataDir) throws IOException {
        long t0 = System.nanoTime();
        OrphanServer.stopIfRunning(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "100")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("fsync", "on")
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }));
        String url = pg.getJdbcUrl("postgres", "postgres");
        LOG.infof(
                "Embedded PostgreSQL on 127.0.0.1:%d started in %d ms",
                pg.getPort(), (System.nanoTime() - t0) / 1_000_000);
        return Map.of(
                "quarkus.datasource.jdbc.url", url.substring(0, url.indexOf('?') < 0 ? url.length() : url.indexOf('?')),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }
}
