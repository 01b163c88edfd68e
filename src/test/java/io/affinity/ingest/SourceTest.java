package io.affinity.ingest;

import static io.affinity.TestSupport.count;
import static io.affinity.TestSupport.http;

import io.affinity.TestSupport;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URL;
import org.junit.jupiter.api.BeforeEach;

/** Base of the tracking-API tests: a fresh source with a write key per test, and what it stored. */
abstract class SourceTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    SourceService sources;

    @Inject
    AgroalDataSource db;

    SourceService.NewKey key;

    @BeforeEach
    void newSource() {
        key = TestSupport.newSource(sources, getClass().getSimpleName());
    }

    /** Events stored for this test's source. */
    long stored() {
        return count(db, "select count(*) from event where source_id = ?", key.sourceId());
    }

    /** Posts a body to a tracking endpoint with this test's write key. */
    ValidatableResponse send(String path, String body) {
        return http(base)
                .auth()
                .preemptive()
                .basic(key.writeKey(), "")
                .body(body)
                .post(path)
                .then();
    }

    /** Posts raw bytes (for encodings) to a tracking endpoint with this test's write key. */
    ValidatableResponse send(String path, byte[] body) {
        return http(base)
                .auth()
                .preemptive()
                .basic(key.writeKey(), "")
                .body(body)
                .post(path)
                .then();
    }
}
