package io.affinity.access;

import static io.affinity.TestSupport.anonymous;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.Authenticated;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every route the running application serves refuses an anonymous caller, except the allow-list below. The routes
 * come from the application itself, not from a list written here: a new endpoint is checked the day it is added,
 * and one without an access rule fails this test.
 */
@QuarkusTest
class EveryRouteTest {

    /** Open to anyone: the tracking API checks its write key itself; people must reach the login form. */
    private static final Set<String> OPEN_ENDPOINTS =
            Set.of("POST /v1/{call}", "POST /v1/batch", "POST /v1/import", "GET /login", "POST /login", "POST /logout");

    /** Outside JAX-RS: health for probes, and the dashboard's static files. */
    private static final List<String> OPEN_PATH_PREFIXES = List.of("/q/health/", "/static/", "/webjars/");

    @TestHTTPResource("/")
    URL base;

    @Inject
    RouteCatalogue routes;

    @Test
    void everyEndpointHasAnAccessRuleAndOnlyTheAllowListIsOpen() {
        List<RouteCatalogue.Endpoint> endpoints = routes.endpoints();
        assertTrue(endpoints.size() > 30, "found the application's endpoints: " + endpoints);
        List<String> problems = new ArrayList<>();
        for (RouteCatalogue.Endpoint e : endpoints) {
            String route = e.httpMethod() + " " + e.path();
            Annotation rule = ruleOf(e);
            if (rule == null) {
                problems.add(route + " (" + e.resourceClass().getSimpleName() + "." + e.javaMethod()
                        + ") has no access rule: add @RolesAllowed(Roles....)");
                continue;
            }
            boolean open = rule instanceof PermitAll;
            if (open != OPEN_ENDPOINTS.contains(route)) {
                problems.add(route + (open ? " is @PermitAll but not on the allow-list" : " should be open"));
                continue;
            }
            if (open) continue;
            String type = e.consumes() == null || e.consumes().contains("*") ? "application/json" : e.consumes();
            Response r = anonymous(base)
                    .redirects()
                    .follow(false)
                    // a form as a browser that has seen one of our pages sends it (a form without the CSRF cookie
                    // is refused before any access rule: a 415 that says forms come only from our pages)
                    .cookies(type.contains("form") ? java.util.Map.of("csrf-token", "x") : java.util.Map.of())
                    .contentType(type)
                    .body(e.httpMethod().equals("GET") || e.httpMethod().equals("DELETE") ? "" : "{}")
                    .request(e.httpMethod(), concrete(e.path()));
            boolean refused = r.statusCode() == 401
                    || (r.statusCode() == 303 && r.header("Location").contains("/login?next="));
            if (!refused) problems.add(route + " answered an anonymous caller " + r.statusCode() + ": " + r.asString());
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyRouteOutsideJaxRsIsClosedExceptHealthAndStaticFiles() {
        List<String> paths = routes.routerPaths();
        assertTrue(paths.stream().anyMatch(p -> p.startsWith("/q/metrics")), "metrics route found: " + paths);
        assertTrue(paths.stream().anyMatch(p -> p.startsWith("/q/openapi")), "OpenAPI route found: " + paths);
        List<String> problems = new ArrayList<>();
        for (String path : paths) {
            String concrete = concrete(path.replace("*", ""));
            boolean allowed =
                    concrete.equals("/q/health") || OPEN_PATH_PREFIXES.stream().anyMatch(concrete::startsWith);
            Response r = anonymous(base).redirects().follow(false).get(concrete);
            boolean refused = r.statusCode() == 401
                    || (r.statusCode() == 303 && r.header("Location").contains("/login?next="));
            if (allowed == refused) {
                problems.add(path + " (" + concrete + ") answered an anonymous GET " + r.statusCode());
            }
        }
        assertEquals(List.of(), problems);
    }

    private static Annotation ruleOf(RouteCatalogue.Endpoint e) {
        Method method = Arrays.stream(e.resourceClass().getMethods())
                .filter(m -> m.getName().equals(e.javaMethod()))
                .findFirst()
                .orElseThrow();
        for (Class<? extends Annotation> type :
                List.of(PermitAll.class, RolesAllowed.class, Authenticated.class, DenyAll.class)) {
            if (method.isAnnotationPresent(type)) return method.getAnnotation(type);
        }
        for (Class<? extends Annotation> type :
                List.of(PermitAll.class, RolesAllowed.class, Authenticated.class, DenyAll.class)) {
            if (e.resourceClass().isAnnotationPresent(type))
                return e.resourceClass().getAnnotation(type);
        }
        return null;
    }

    private static String concrete(String template) {
        return template.replaceAll("\\{[^}]+}", "1");
    }
}
