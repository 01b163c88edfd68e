package io.affinity.access;

import static io.affinity.TestSupport.anonymous;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.platform.Command;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The jar's keys and users commands, as an operator at the shell uses them; what they print works over HTTP. */
@QuarkusTest
class AccessCommandTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    @Named("keys")
    Command keys;

    @Inject
    @Named("users")
    Command users;

    @Test
    void aKeyMadeAtTheShellWorksUntilRevokedThere() throws Exception {
        String name = "ops-" + UUID.randomUUID();
        List<String> printed = run(keys, 0, "keys", "create", "--name", name, "--role", "manage");
        String key = printed.get(1);
        int id = Integer.parseInt(printed.get(0).split(" ")[2]);
        anonymous(base)
                .header("Authorization", "Bearer " + key)
                .get("/api/models/churn")
                .then()
                .statusCode(200);
        assertTrue(String.join("\n", run(keys, 0, "keys", "list")).contains(name));
        run(keys, 0, "keys", "revoke", String.valueOf(id));
        anonymous(base)
                .header("Authorization", "Bearer " + key)
                .get("/api/models/churn")
                .then()
                .statusCode(401);
    }

    @Test
    void badArgumentsSayWhatIsWrongAndExitWith2() throws Exception {
        assertEquals(
                List.of("keys: unknown role 'root': one of [score, manage, admin, metrics]"),
                run(keys, 2, "keys", "create", "--name", "x", "--role", "root"));
        assertEquals(List.of("keys: expected a numeric id, got 'seven'"), run(keys, 2, "keys", "revoke", "seven"));
    }

    @Test
    void aNewPasswordFromTheShellSignsInAndEndsTheOldSessions() throws Exception {
        String name = "locked-out-" + UUID.randomUUID().toString().substring(0, 8);
        String first = run(users, 0, "users", "create", "--name", name, "--role", "admin")
                .get(1);
        anonymous(base)
                .cookie(Sessions.COOKIE, signIn(name, first))
                .get("/api/me")
                .then()
                .statusCode(200);
        String session = signIn(name, first);

        String second = run(users, 0, "users", "password", name).get(1);
        anonymous(base).cookie(Sessions.COOKIE, session).get("/api/me").then().statusCode(401);
        anonymous(base)
                .cookie(Sessions.COOKIE, signIn(name, second))
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("name", equalTo(name));
    }

    private String signIn(String name, String password) {
        return LoginForm.signIn(base, name, password).getValue();
    }

    /** Runs a command, checks its exit code, and returns what it printed (standard output, or errors on failure). */
    private static List<String> run(Command command, int exit, String... args) throws Exception {
        AccessCommand c = (AccessCommand) unwrap(command);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        c.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        c.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = c.run(args);
        String printed = (exit == 0 ? out : err).toString(StandardCharsets.UTF_8);
        assertEquals(exit, code, printed + err.toString(StandardCharsets.UTF_8));
        return List.of(printed.strip().split("\n"));
    }

    private static Object unwrap(Command command) {
        return command instanceof io.quarkus.arc.ClientProxy proxy ? proxy.arc_contextualInstance() : command;
    }
}
