package io.affinity.platform;

import io.affinity.platform.embedded.EmbeddedServices;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of {@code java -jar}: starts the embedded PostgreSQL and S3 store unless configured otherwise, then
 * Quarkus: the server, or with arguments a command of the jar ({@link CommandLine}: train, keys, users). (Inside AWS Lambda this class is not used: the Lambda runtime boots Quarkus itself.)
 */
@QuarkusMain
public final class AffinityMain {

    private AffinityMain() {}

    public static void main(String... args) {
        // Quarkus' log manager must be in place before the embedded servers log their start.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        var embedded = EmbeddedServices.startIfNeeded(EmbeddedServices::systemLookup);
        embedded.forEach(System::setProperty);
        // A local start on the embedded database gets the demo shop, unless told otherwise.
        if (embedded.containsKey("quarkus.datasource.jdbc.url")
                && EmbeddedServices.systemLookup("affinity.demo.enabled") == null) {
            System.setProperty("affinity.demo.enabled", "true");
        }
        if (args.length > 0) {
            // A command (train, keys, users): no HTTP server, no demo, no background refresh; exit when done.
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("affinity.demo.enabled", "false");
            System.setProperty("affinity.features.refresh-every", "off");
            Quarkus.run(CommandLine.class, args);
            return;
        }
        Quarkus.run(args);
    }
}
