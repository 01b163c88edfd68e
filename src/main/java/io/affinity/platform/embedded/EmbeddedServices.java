package io.affinity.platform.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Starts the local stand-ins for AWS — a real PostgreSQL and a real S3-compatible server on loopback — for whatever
 * the configuration does not point elsewhere, and returns the configuration that makes the application use them.
 *
 * <p>Both keep their data under one data folder, so a restart keeps events and models. They start once per JVM and
 * stop when the JVM exits.
 */
public final class EmbeddedServices {

    private static final Logger LOG = Logger.getLogger(EmbeddedServices.class);
    private static Map<String, String> started;

    private EmbeddedServices() {}

    /**
     * Starts what is not configured externally.
     *
     * @param lookup reads a configuration key (system property or environment), null when absent
     * @return configuration properties pointing the application at the embedded servers
     */
    public static synchronized Map<String, String> startIfNeeded(UnaryOperator<String> lookup) {
        if (started != null) {
            return started;
        }
        Map<String, String> config = new LinkedHashMap<>();
        Path dataDir = Path.of(orDefault(lookup.apply("affinity.data-dir"), "affinity-data"))
                .toAbsolutePath()
                .normalize();
        boolean clean = Boolean.parseBoolean(orDefault(lookup.apply("affinity.embedded.clean"), "false"));
        try {
            if (clean) {
                deleteRecursively(dataDir);
            }
            Files.createDirectories(dataDir);
            if (lookup.apply("quarkus.datasource.jdbc.url") == null) {
                config.putAll(EmbeddedPostgresServer.start(dataDir.resolve("postgres")));
            }
            boolean s3Embedded = Boolean.parseBoolean(orDefault(lookup.apply("affinity.s3.embedded"), "true"));
            if (s3Embedded && lookup.apply("affinity.s3.endpoint") == null) {
                config.putAll(EmbeddedS3Server.start(dataDir.resolve("s3")));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded services in " + dataDir, e);
        }
        if (!config.isEmpty()) {
            LOG.infof("Embedded services keep their data in %s", dataDir);
        }
        started = Map.copyOf(config);
        return started;
    }

    /** Reads a key the way Quarkus would: system property first, then its environment-variable form. */
    public static String systemLookup(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
