package io.affinity.access;

import static io.affinity.TestSupport.anonymous;
import static io.affinity.TestSupport.http;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may do what, as callers see it: API keys by role, people signing in, and the refusals in between. */
@QuarkusTest
class AccessTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void anAnonymousCallIsToldWhatToSend() {
        anonymous(base)
                .get("/api/keys")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", equalTo("unauthorized"))
                .body("detail", containsString("Authorization: Bearer <key>"));
        anonymous(base)
                .header("Authorization", "Bearer ak_not-a-key")
                .get("/api/models/churn")
                .then()
                .statusCode(401)
                .body("detail", equalTo("unknown or revoked API key"));
    }

    @Test
    void aKeyIsShownOnceWorksForItsRoleAndStopsWhenRevoked() {
        String name = "backend-" + UUID.randomUUID();
        Response created = http(base)
                .contentType("application/json")
                .body(Map.of("name", name, "role", "score"))
                .post("/api/keys");
        created.then().statusCode(201).body("role", equalTo("score"));
        String key = created.path("key");
        int id = created.path("id");
        assertTrue(key.startsWith("ak_") && key.length() > 40, key);

        // listed by name, role and prefix; never the key
        String listing = http(base).get("/api/keys").asString();
        assertTrue(listing.contains(name) && !listing.contains(key), listing);

        // both ways of sending it
        anonymous(base)
                .header("Authorization", "Bearer " + key)
                .get("/api/me")
                .then()
                .statusCode(200)
                .body("permissions", equalTo(List.of("score")))
                .body("caller", equalTo("the API key '" + name + "' (role score)"));
        anonymous(base).header("X-API-Key", key).get("/api/me").then().statusCode(200);

        // the wrong role: 403 naming the role needed and the caller
        anonymous(base)
                .header("Authorization", "Bearer " + key)
                .get("/api/models/churn")
                .then()
                .statusCode(403)
                .body("error", equalTo("forbidden"))
                .body(
                        "detail",
                        allOf(
                                containsString("needs the role 'manage'"),
                                containsString("an API key with role manage or admin"),
                                containsString("the API key '" + name + "' (role score)")));

        http(base).get("/api/keys").then().body("find { it.id == " + id + " }.lastUsedAt", not(nullValue()));
        http(base).delete("/api/keys/" + id).then().statusCode(200).body("revokedAt", not(nullValue()));
        anonymous(base)
                .header("Authorization", "Bearer " + key)
                .get("/api/me")
                .then()
                .statusCode(401)
                .body("detail", equalTo("unknown or revoked API key"));
    }

    @Test
    void badKeyAndUserRequestsAreNamed() {
        http(base)
                .contentType("application/json")
                .body(Map.of("name", "x", "role", "superuser"))
                .post("/api/keys")
                .then()
                .statusCode(400)
                .body("detail", equalTo("unknown role 'superuser': one of [score, manage, admin, metrics]"));
        http(base)
                .contentType("application/json")
                .body(Map.of("name", "short-" + UUID.randomUUID(), "password", "short", "role", "viewer"))
                .post("/api/users")
                .then()
                .statusCode(400)
                .body("detail", equalTo("a password needs at least 12 characters"));
        http(base)
                .delete("/api/keys/999999")
                .then()
                .statusCode(404)
                .body("detail", equalTo("no API key with id 999999"));
    }

    @Test
    void aPersonSignsInSeesTheDashboardWithinTheirRoleAndSignsOut() {
        String name = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        createUser(name, "correct horse battery", "viewer");

        // an anonymous browser is sent to the login page, which remembers where it was going
        anonymous(base)
                .redirects()
                .follow(false)
                .accept("text/html")
                .get("/")
                .then()
                .statusCode(303)
                .header("Location", equalTo(base + "login?next=%2F"));

        Cookie session = signIn(name, "correct horse battery");
        assertTrue(session.isHttpOnly(), "HttpOnly");
        assertEquals("Strict", session.getSameSite());

        anonymous(base)
                .cookie(session)
                .get("/")
                .then()
                .statusCode(200)
                .body(containsString("What just happened"))
                .body(containsString(name));
        anonymous(base)
                .cookie(session)
                .get("/api/models/churn")
                .then()
                .statusCode(403)
                .body("detail", containsString("the user '" + name + "' (role viewer)"));

        // signing out ends the session on the server: the old cookie no longer works
        Response page = anonymous(base).cookie(session).get("/");
        String csrf = page.cookie("csrf-token");
        anonymous(base)
                .redirects()
                .follow(false)
                .cookie(session)
                .cookie("csrf-token", csrf)
                .formParam("csrf-token", csrf)
                .post("/logout")
                .then()
                .statusCode(303);
        anonymous(base)
                .redirects()
                .follow(false)
                .cookie(session)
                .get("/")
                .then()
                .statusCode(303)
                .header("Location", containsString("/login"));
    }

    @Test
    void aWrongPasswordAndAnUnknownNameGetTheSameAnswer() {
        String name = "marketer-" + UUID.randomUUID().toString().substring(0, 8);
        createUser(name, "a long enough password", "marketer");
        String wrongPassword = attempt(name, "not the password!")
                .then()
                .statusCode(401)
                .extract()
                .asString();
        String unknownName = attempt("nobody-" + name, "a long enough password")
                .then()
                .statusCode(401)
                .extract()
                .asString();
        assertTrue(wrongPassword.contains(LoginResource.WRONG), wrongPassword);
        assertTrue(unknownName.contains(LoginResource.WRONG), unknownName);
        signIn(name, "a long enough password"); // resets this address's failures for the other tests
    }

    @Test
    void aLoginFormWithoutItsCsrfTokenIsRefused() {
        // a form from elsewhere (no CSRF cookie: only our pages set it)
        anonymous(base)
                .redirects()
                .follow(false)
                .formParam("name", "admin")
                .formParam("password", io.affinity.TestSupport.ADMIN_PASSWORD)
                .post("/login")
                .then()
                .statusCode(415)
                .body("detail", containsString("form bodies are taken only from the dashboard's own pages"));
        // the cookie, but the form lacks its token or carries another one
        String csrf = anonymous(base).get("/login").cookie("csrf-token");
        for (String token : new String[] {null, "AAAAAAAAAAAAAAAAAAAAAA"}) {
            var request = anonymous(base)
                    .redirects()
                    .follow(false)
                    .cookie("csrf-token", csrf)
                    .formParam("name", "admin")
                    .formParam("password", io.affinity.TestSupport.ADMIN_PASSWORD);
            if (token != null) request = request.formParam("csrf-token", token);
            Response refused = request.post("/login");
            assertEquals(400, refused.statusCode());
            assertTrue(!refused.cookies().containsKey(Sessions.COOKIE), "no session for a refused form");
        }
    }

    @Test
    void repeatedFailuresSlowTheNextAttemptsDown() {
        String name = "guessed-" + UUID.randomUUID().toString().substring(0, 8);
        createUser(name, "the real password", "viewer");
        for (int i = 0; i < LoginThrottle.FREE; i++) {
            attempt(name, "guess " + i).then().statusCode(401);
        }
        long start = System.nanoTime();
        // even the right password waits now: the wait must not tell a guess that would have worked
        Cookie session = signIn(name, "the real password");
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertNotNull(session);
        assertTrue(
                waitedMs >= 1000, "the attempt after " + LoginThrottle.FREE + " failures waited " + waitedMs + " ms");
    }

    @Test
    void aRemovedUsersSessionEnds() {
        String name = "leaver-" + UUID.randomUUID().toString().substring(0, 8);
        int id = createUser(name, "leaving password", "admin");
        Cookie session = signIn(name, "leaving password");
        anonymous(base).cookie(session).get("/api/users").then().statusCode(200).body("name", hasItem(name));
        http(base).delete("/api/users/" + id).then().statusCode(204);
        anonymous(base).cookie(session).get("/api/users").then().statusCode(401);
    }

    private int createUser(String name, String password, String role) {
        return http(base)
                .contentType("application/json")
                .body(Map.of("name", name, "password", password, "role", role))
                .post("/api/users")
                .then()
                .statusCode(201)
                .body("name", equalTo(name))
                .body("$", not(org.hamcrest.Matchers.hasKey("password")))
                .extract()
                .path("id");
    }

    private Response attempt(String name, String password) {
        return LoginForm.submit(base, name, password);
    }

    private Cookie signIn(String name, String password) {
        return LoginForm.signIn(base, name, password);
    }
}
