package io.affinity;

import static io.affinity.TestSupport.count;
import static io.affinity.TestSupport.http;

import io.affinity.ingest.SourceService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tests that send events: a fresh source with a write key per test, and what it stored. */
public abstract class SourceTest {

    @TestHTTPResource("/")
    protected URL base;

    @Inject
    protected SourceService sources;

    @Inject
    protected AgroalDataSource db;

    protected SourceService.NewKey key;

    @BeforeEach
    void newSource() {
        key = TestSupport.newSource(sources, getClass().getSimpleName());
    }

    /** Events stored for this test's source. */
    protected long stored() {
        return count(db, "select count(*) from event where source_id = ?", key.sourceId());
    }

    /** Posts a body to a tracking endpoint with this test's write key. */
    protected ValidatableResponse send(String path, String body) {
        return authenticated().body(body).post(path).then();
    }

    /** Posts raw bytes (for encodings) to a tracking endpoint with this test's write key. */
    protected ValidatableResponse send(String path, byte[] body) {
        return authenticated().body(body).post(path).then();
    }

    private RequestSpecification authenticated() {
        return http(base).auth().preemptive().basic(key.writeKey(), "");
    }
}
