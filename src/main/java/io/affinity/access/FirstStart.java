package io.affinity.access;

import io.affinity.platform.Secrets;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.PrintStream;
import org.jboss.logging.Logger;

/**
 * Secure by default: a database without users gets an admin user, and one without API keys an admin key, at the
 * first start. Both are printed once to the console (never to the log) unless a deployment supplies them
 * ({@link AccessConfig#initialAdminKey()}, {@link AccessConfig#initialAdminPassword()}). Inside AWS Lambda nothing is
 * made up and printed: the console is the log there, so only supplied ones are created.
 */
@ApplicationScoped
class FirstStart {

    private static final Logger LOG = Logger.getLogger(FirstStart.class);
    static final String ADMIN = "admin";

    private final Users users;
    private final ApiKeys keys;
    private final AccessConfig config;

    FirstStart(Users users, ApiKeys keys, AccessConfig config) {
        this.users = users;
        this.keys = keys;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        boolean inLambda = System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null;
        StringBuilder shown = new StringBuilder();
        if (users.count() == 0 && (config.initialAdminPassword().isPresent() || !inLambda)) {
            String password = config.initialAdminPassword().orElseGet(() -> Secrets.newSecret("", 15));
            users.create(ADMIN, password, Roles.UserRole.admin.name());
            LOG.info("Created the first admin user, 'admin'");
            if (config.initialAdminPassword().isEmpty()) {
                shown.append("  Dashboard sign-in:  admin / ").append(password).append('\n');
            }
        }
        if (keys.count() == 0 && (config.initialAdminKey().isPresent() || !inLambda)) {
            ApiKeys.NewKey key = config.initialAdminKey()
                    .map(k -> keys.create("first admin key", Roles.KeyRole.admin.name(), "first start", k))
                    .orElseGet(() -> keys.create("first admin key", Roles.KeyRole.admin.name(), "first start"));
            LOG.infof(
                    "Created the first admin API key (id %d, %s...)",
                    key.id(), key.key().substring(0, 8));
            if (config.initialAdminKey().isEmpty()) {
                shown.append("  Admin API key:      ").append(key.key()).append('\n');
            }
        }
        if (!shown.isEmpty()) print(System.out, shown.toString());
    }

    /** To the console, not the log: these are for the person who just started Affinity, and shown this once. */
    private static void print(PrintStream out, String lines) {
        out.println();
        out.println("  First start: credentials made for you. They are shown only now; copy them.");
        out.print(lines);
        out.println(
                "  (Lost them? java -jar target/affinity-runner.jar users password admin, or keys create --name NAME --role admin)");
        out.println();
    }
}
