package io.affinity.access;

import static io.affinity.TestSupport.anonymous;
import static io.affinity.TestSupport.http;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.TestSupport;
import io.affinity.platform.RequestIds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Secrets never reach the log: after a start, keys made and used, sign-ins that work and fail, the whole log (the
 * test profile writes it as JSON to target/test-log.json) holds none of them. And every line a request writes carries
 * its request id.
 */
@QuarkusTest
class LogSecretsTest {

    private static final Path LOG = Path.of("target/test-log.json");

    @TestHTTPResource("/")
    URL base;

    @Test
    void noKeyPasswordOrSessionTokenIsEverLogged() throws Exception {
        List<String> secrets = new ArrayList<>(List.of(TestSupport.ADMIN_KEY, TestSupport.ADMIN_PASSWORD));
        String key = http(base)
                .contentType("application/json")
                .body(Map.of("name", "logged?", "role", "manage"))
                .post("/api/keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        secrets.add(key);
        anonymous(base)
                .header("Authorization", "Bearer " + key)
                .get("/api/models/churn")
                .then()
                .statusCode(200);
        anonymous(base).header("X-API-Key", key).get("/api/imports").then().statusCode(200);
        String forged = key.substring(0, key.length() - 4) + "XXXX";
        secrets.add(forged);
        anonymous(base)
                .header("Authorization", "Bearer " + forged)
                .get("/api/me")
                .then()
                .statusCode(401);

        String name = "logcheck-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "password-" + UUID.randomUUID();
        secrets.add(password);
        http(base)
                .contentType("application/json")
                .body(Map.of("name", name, "password", password, "role", "viewer"))
                .post("/api/users")
                .then()
                .statusCode(201);
        String wrong = "wrong-" + UUID.randomUUID();
        secrets.add(wrong);
        LoginForm.submit(base, name, wrong).then().statusCode(401);
        String session = LoginForm.signIn(base, name, password).getValue();
        secrets.add(session);
        anonymous(base).cookie(Sessions.COOKIE, session).get("/").then().statusCode(200);

        String log = readLog(line -> line.contains("User '" + name + "' signed in"));
        for (String secret : secrets) {
            assertTrue(!log.contains(secret), "a secret is in the log: " + secret.substring(0, 6) + "...");
        }
    }

    @Test
    void everyLineARequestWritesCarriesItsRequestId() throws Exception {
        String id = "trace-" + UUID.randomUUID();
        String csrf = anonymous(base).get("/login").cookie("csrf-token");
        anonymous(base)
                .header(RequestIds.HEADER, id)
                .cookie("csrf-token", csrf)
                .formParam("csrf-token", csrf)
                .formParam("name", "nobody-" + id)
                .formParam("password", "not a password at all")
                .post("/login")
                .then()
                .statusCode(401)
                .header(RequestIds.HEADER, id);
        readLog(line -> line.contains(id));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(LOG)) {
            JsonNode node = json.readTree(line);
            if (id.equals(node.path("mdc").path(RequestIds.MDC_KEY).asText())) lines.add(node);
        }
        assertEquals(1, lines.size(), "the failed sign-in's line, written on a worker thread, with the id: " + lines);
        assertTrue(lines.get(0).path("message").asText().startsWith("A sign-in failed"), lines.toString());
        // a header that is not a plain token is replaced by an id of our own
        String made = anonymous(base)
                .header(RequestIds.HEADER, "evil\u0007id")
                .get("/q/health/live")
                .header(RequestIds.HEADER);
        assertTrue(made.matches("[0-9a-f-]{36}"), made);
    }

    /** The whole log, once the line the caller waits for has been written (the handler may write a moment later). */
    private static String readLog(java.util.function.Predicate<String> written)
            throws IOException, InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (Files.exists(LOG)) {
                String log = Files.readString(LOG);
                if (log.lines().anyMatch(written)) return log;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the expected line never reached " + LOG.toAbsolutePath());
    }
}
