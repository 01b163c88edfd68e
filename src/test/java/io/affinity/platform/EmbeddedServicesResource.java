package io.affinity.platform;

import io.affinity.platform.embedded.EmbeddedServices;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the same embedded PostgreSQL and S3-compatible server the application uses by default, on a fresh data
 * folder, for every {@code @QuarkusTest}.
 */
public class EmbeddedServicesResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> test = Map.of("affinity.data-dir", "target/test-data", "affinity.embedded.clean", "true");
        return EmbeddedServices.startIfNeeded(key -> test.getOrDefault(key, EmbeddedServices.systemLookup(key)));
    }

    @Override
    public void stop() {
        // The servers stop with the JVM; Quarkus may restart the application between test profiles.
    }
}
