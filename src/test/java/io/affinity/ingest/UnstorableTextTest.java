package io.affinity.ingest;

import static io.affinity.TestSupport.count;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.SourceTest;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Texts PostgreSQL cannot store (NUL, unpaired surrogates) in the places a producer does not expect them: property
 * names, CSV headers, file, source and customer names. Each is a clear 4xx or a rejection naming it; the good events
 * beside it are kept and an import always ends.
 */
@QuarkusTest
class UnstorableTextTest extends SourceTest {

    @TempDir
    Path dir;

    @jakarta.inject.Inject
    BulkImportService imports;

    private static final String GOOD = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Fine\"}";

    @Test
    void aNulInAPropertyNameRefusesThatEventOnly() {
        String bad = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"a\\u0000b\":1}}";
        send("/v1/batch", "{\"batch\":[" + GOOD + "," + bad + "]}")
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].field", equalTo("properties.a\\u0000b"))
                .body("rejected[0].error", containsString("NUL"));
        assertEquals(1, stored());
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from rejection where source_id = ? and field = 'properties.a\\u0000b'",
                        key.sourceId()));
    }

    /** Jackson itself refuses a lone surrogate in a field name while tokenizing: the request is refused whole. */
    @Test
    void anUnpairedSurrogateInAFieldNameRefusesTheRequestWithItsPosition() {
        String bad = "{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"x\":{\"\\udc00\":true}}}";
        send("/v1/batch", "{\"batch\":[" + GOOD + "," + bad + "]}")
                .statusCode(400)
                .body("detail", containsString("line 1, column 110"))
                .body("detail", containsString("surrogate"));
        assertEquals(0, stored());
    }

    @Test
    void aBulkLineWithANulInAPropertyNameIsRejectedAndTheImportEnds() throws IOException {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(
                file,
                GOOD.replace("Fine", "One") + "\n"
                        + "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"a\\u0000b\":1}}\n"
                        + GOOD + "\n");
        BulkImportService.ImportSummary s = imports.importFile(file, key.sourceName());
        assertEquals("done", s.status());
        assertEquals(3, s.lines());
        assertEquals(2, s.accepted());
        assertEquals(1, s.rejected());
        assertEquals(2, s.firstRejections().get(0).index());
        assertEquals("properties.a\\u0000b", s.firstRejections().get(0).field());
        assertEquals(2, stored());
        // The line errors can be read after the import's answer.
        io.affinity.TestSupport.http(base)
                .get("/api/imports/" + s.jobId())
                .then()
                .statusCode(200)
                .body("job.status", equalTo("done"))
                .body("rejections", org.hamcrest.Matchers.hasSize(1))
                .body("rejections[0].line", equalTo(2))
                .body("rejections[0].field", equalTo("properties.a\\u0000b"))
                .body("rejections[0].excerpt", containsString("\\u0000"));
    }

    @Test
    void aCsvHeaderWithANulIsRejectedPerLineAndTheImportEnds() throws IOException {
        Path file = dir.resolve("events.csv");
        Files.writeString(file, "type,event,userId,bad\u0000name\ntrack,Viewed,u1,x\ntrack,Viewed,u2,\n");
        BulkImportService.ImportSummary s = imports.importFile(file, key.sourceName());
        assertTrue(s.status().equals("done") || s.status().equals("failed"), s.status());
        assertEquals(0, count(db, "select count(*) from import_job where id = ? and status = 'running'", s.jobId()));
        assertEquals(s.lines(), s.accepted() + s.duplicates() + s.rejected() + s.suppressed());
        assertTrue(s.rejected() >= 1, "the line with a value under the bad header is refused");
        assertTrue(
                s.firstRejections().get(0).error().contains("NUL"),
                s.firstRejections().get(0).error());
    }

    @Test
    void namesWithANulAreRefusedBeforeAnythingIsWritten() {
        io.affinity.TestSupport.http(base)
                .contentType("application/json")
                .body("{\"name\":\"shop\\u0000x\"}")
                .post("/api/sources")
                .then()
                .statusCode(400)
                .body("detail", containsString("NUL"));
        io.affinity.TestSupport.http(base)
                .urlEncodingEnabled(false)
                .body("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"}\n")
                .post("/api/imports/upload?source=" + key.sourceName() + "&name=a%00b.ndjson")
                .then()
                .statusCode(400)
                .body("detail", containsString("NUL"));
        io.affinity.TestSupport.http(base)
                .urlEncodingEnabled(false)
                .delete("/api/customers/u%00x")
                .then()
                .statusCode(400)
                .body("detail", containsString("NUL"));
        assertEquals(0, count(db, "select count(*) from import_job where status = 'running'"));
    }
}
