package io.affinity.access;

import static io.affinity.TestSupport.anonymous;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.Cookie;
import io.restassured.response.Response;
import java.net.URL;

/** The login form as a browser fills it in: the page first (its CSRF cookie and token), then the post. */
final class LoginForm {

    private LoginForm() {}

    static Response submit(URL base, String name, String password) {
        Response page = anonymous(base).get("/login");
        String csrf = page.cookie("csrf-token");
        assertNotNull(csrf, "the login page sets its CSRF cookie");
        assertTrue(page.asString().contains("value=\"" + csrf + "\""), "the form carries the token");
        return anonymous(base)
                .redirects()
                .follow(false)
                .cookie("csrf-token", csrf)
                .formParam("csrf-token", csrf)
                .formParam("name", name)
                .formParam("password", password)
                .formParam("next", "/")
                .post("/login");
    }

    /** Signs in and returns the session cookie. */
    static Cookie signIn(URL base, String name, String password) {
        Response r = submit(base, name, password);
        assertEquals(303, r.statusCode(), r.asString());
        assertEquals(base.toString(), r.header("Location"));
        return r.detailedCookie(Sessions.COOKIE);
    }
}
