package io.affinity;

import static io.restassured.RestAssured.given;

import io.affinity.ingest.SourceService;
import io.affinity.platform.EmbeddedServicesResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Helpers shared by the HTTP tests: the embedded servers, a fresh source per test, SQL counts. */
@QuarkusTestResource(EmbeddedServicesResource.class)
public final class TestSupport {

    private TestSupport() {}

    /** The first admin key, supplied to the test profile (affinity.access.initial-admin-key). */
    public static final String ADMIN_KEY = "ak_test-admin-key-0123456789abcdefghijklmnopq";

    public static final String ADMIN_PASSWORD = "test-admin-password-42";

    /**
     * A request with the admin key (as X-API-Key, so that a tracking test's Basic write key can go alongside).
     * rest-assured's default port is the Lambda mock event server's; HTTP tests name the HTTP server.
     */
    public static RequestSpecification http(URL base) {
        return anonymous(base).header("X-API-Key", ADMIN_KEY);
    }

    /** A request without credentials. */
    public static RequestSpecification anonymous(URL base) {
        return given().baseUri(base.toString());
    }

    /**
     * One series of the Prometheus metrics, e.g. {@code metric(base, "affinity_events_total", "outcome", "accepted",
     * "source", "3")} (labels in alphabetical order, as Prometheus prints them); 0 when the series is not there yet.
     */
    public static double metric(URL base, String name, String... labels) {
        StringBuilder series = new StringBuilder(name);
        if (labels.length > 0) {
            series.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (i > 0) series.append(',');
                series.append(labels[i]).append("=\"").append(labels[i + 1]).append('"');
            }
            series.append('}');
        }
        String prefix = series + " ";
        return http(base)
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(prefix.length()).trim()))
                .findFirst()
                .orElse(0);
    }

    /** A new source with a write key, named uniquely so tests do not see each other's events. */
    public static SourceService.NewKey newSource(SourceService sources, String prefix) {
        return sources.createSource(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Makes the version production, unless it is already (promoting the production version again is a 409). */
    public static void serve(io.affinity.models.ModelRegistry registry, io.affinity.models.UseCase useCase, int v) {
        if (registry.production(useCase).map(p -> p.version() != v).orElse(true))
            registry.promote(useCase, v, "test: serve v" + v);
    }

    /** A new API key with the role (score, manage, admin, metrics), made with the admin key; the key itself. */
    public static String newKey(URL base, String name, String role) {
        return http(base)
                .contentType("application/json")
                .body(java.util.Map.of("name", name, "role", role))
                .post("/api/keys")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("key");
    }

    public static long count(AgroalDataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
