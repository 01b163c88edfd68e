package io.affinity.ingest;

import static io.affinity.TestSupport.count;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.affinity.SourceTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A corpus of bad inputs: each gets a 4xx naming the problem, and nothing of a refused event is stored. */
@QuarkusTest
class BadInputTest extends SourceTest {

    /** Whole requests that are refused: body, expected status, words the detail must contain. */
    static Stream<Arguments> badRequests() {
        String big = "{\"batch\":["
                + ("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"p\":\"" + "x".repeat(20_000)
                                + "\"}},")
                        .repeat(26)
                + "{}]}";
        // Over the 512 KB read on the I/O thread (quarkus.rest.input-buffer-size): the body is then streamed to the
        // worker, and refused all the same.
        String huge = big.replace("{}]}", big.substring("{\"batch\":[".length()));
        String many = "{\"batch\":[" + "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"},".repeat(2500)
                + "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"}]}";
        return Stream.of(
                Arguments.of("not json at all", 400, "malformed JSON at line 1"),
                Arguments.of("{\"batch\":[{\"type\":\"track\",", 400, "malformed JSON"),
                Arguments.of("[1,2,3]", 400, "must be a JSON object"),
                Arguments.of("{\"batch\":{}}", 400, "'batch' must be an array"),
                Arguments.of("{\"batch\":[]}", 400, "'batch' is empty"),
                Arguments.of("{\"events\":[]}", 400, "no 'batch' array"),
                Arguments.of(
                        "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"n\":"
                                + "9".repeat(150) + "}}]}",
                        400,
                        "at line 1, column 220: Number value length (150) exceeds the maximum allowed (100)"),
                Arguments.of(
                        "{\"batch\":[" + "[".repeat(100) + "]".repeat(100) + "]}",
                        400,
                        "at line 1, column 74: Document nesting depth (65) exceeds the maximum allowed (64)"),
                Arguments.of("{\"batch\":[]} trailing", 400, "malformed JSON at line 1, column 14"),
                Arguments.of("{\"batch\":[{\"type\":\"track\"}]} {}", 400, "unexpected content after"),
                Arguments.of("{\"batch\":[],\"sentAt\":\"yesterday\"}", 400, "sentAt is not an ISO-8601"),
                Arguments.of(big, 413, "over the limit of 512000 bytes"),
                Arguments.of(huge, 413, "over the limit of 512000 bytes"),
                Arguments.of(many, 400, "more than 2500 events"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badRequestsAreRefusedWholeWithAReason(String body, int status, String detail) {
        send("/v1/batch", body)
                .statusCode(status)
                .body("detail", containsString(detail))
                .body("detail", org.hamcrest.Matchers.not(containsString("StreamReadConstraints")));
        assertEquals(0, stored());
    }

    /** Bodies that are not UTF-8: the charset they are in, and words the detail must contain. */
    static Stream<Arguments> wrongEncodings() {
        return Stream.of(
                Arguments.of("UTF-16", "must be UTF-8"),
                Arguments.of("UTF-32", "must be UTF-8"),
                Arguments.of("ISO-8859-1", "Invalid UTF-8"));
    }

    @ParameterizedTest
    @MethodSource("wrongEncodings")
    void bodiesNotInUtf8AreRefusedWhole(String charset, String detail) {
        byte[] body = "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"caf\u00e9\"}]}"
                .getBytes(java.nio.charset.Charset.forName(charset));
        send("/v1/batch", body).statusCode(400).body("detail", containsString(detail));
        assertEquals(0, stored());
    }

    /** Events refused one by one inside a batch: the field, and words the reason must contain. */
    static Stream<Arguments> badEvents() {
        return Stream.of(
                Arguments.of("{\"userId\":\"u\",\"event\":\"e\"}", "type", "type is required"),
                Arguments.of("{\"type\":\"buy\",\"userId\":\"u\"}", "type", "unknown type 'buy'"),
                Arguments.of("{\"type\":7,\"userId\":\"u\"}", "type", "must be a string"),
                Arguments.of("{\"type\":\"track\",\"event\":\"e\"}", "userId", "userId or anonymousId is required"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":{\"id\":1},\"event\":\"e\"}", "userId", "must be a string"),
                Arguments.of("{\"type\":\"track\",\"userId\":\"u\"}", "event", "track needs a non-empty event"),
                Arguments.of("{\"type\":\"alias\",\"userId\":\"u\"}", "previousId", "alias needs both"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"timestamp\":\"29/11/2026\"}",
                        "timestamp",
                        "not an ISO-8601"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"timestamp\":12345}",
                        "timestamp",
                        "must be an ISO-8601 string"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"timestamp\":"
                                + "\"9999-01-01T00:00:00Z\"}",
                        "timestamp",
                        "outside 1970..2200"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":[1]}",
                        "properties",
                        "must be a JSON object"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"a\":\"x\\u0000y\"}}",
                        "properties.a",
                        "NUL character"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"a\":\"\\ud800\"}}",
                        "properties.a",
                        "unpaired UTF-16 surrogate"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Order Completed\",\"properties\":"
                                + "{\"revenue\":\"lots\"}}",
                        "properties.revenue",
                        "must be a number"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Order Completed\",\"properties\":"
                                + "{\"revenue\":1e300}}",
                        "properties.revenue",
                        "out of range"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"n\":1e200000}}",
                        null,
                        "exponent beyond 1000"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Order Completed\",\"properties\":"
                                + "{\"products\":[{\"product_id\":\"p\",\"quantity\":1.5}]}}",
                        "properties.products[0].quantity",
                        "whole number"),
                Arguments.of(
                        "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"properties\":{\"p\":\""
                                + "x".repeat(33_000) + "\"}}",
                        null,
                        "over the limit of 32768 bytes"),
                Arguments.of("\"just a string\"", null, "must be a JSON object"));
    }

    @ParameterizedTest
    @MethodSource("badEvents")
    void badEventsAreRefusedByIndexAndGoodOnesKept(String bad, String field, String reason) {
        String good = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Fine\"}";
        send("/v1/batch", "{\"batch\":[" + good + "," + bad + "]}")
                .statusCode(200)
                .body("success", equalTo(false))
                .body("accepted", equalTo(1))
                .body("rejected", hasSize(1))
                .body("rejected[0].index", equalTo(1))
                .body("rejected[0].field", equalTo(field))
                .body("rejected[0].error", containsString(reason));
        assertEquals(1, stored());
        assertEquals(
                1, count(db, "select count(*) from rejection where source_id = ? and position = 1", key.sourceId()));
    }

    @Test
    void eventsAfterARefusedOneAreReadFromTheRightPlace() {
        String bad1 = "{\"type\":\"track\",\"properties\":[{\"a\":[1,{\"b\":2}]}],\"userId\":\"u\",\"event\":\"e\","
                + "\"context\":{\"x\":{\"y\":[3]}}}";
        String bad2 = "{\"type\":7,\"context\":{\"nested\":{\"deep\":[[[]]]}},\"userId\":\"u\"}";
        String good = "{\"type\":\"track\",\"userId\":\"after\",\"event\":\"Fine\",\"properties\":{\"k\":\"v\"}}";
        send(
                        "/v1/batch",
                        "{\"batch\":[" + bad1 + "," + good + "," + bad2 + "," + good.replace("after", "after2") + "]}")
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("rejected.index", org.hamcrest.Matchers.contains(0, 2))
                .body("rejected[0].field", equalTo("properties"))
                .body("rejected[1].field", equalTo("type"));
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and user_id = 'after'"
                                + " and properties->>'k' = 'v'",
                        key.sourceId()));
    }

    @Test
    void aBatchOfOnlyBadEventsIs400() {
        send("/v1/batch", "{\"batch\":[{\"type\":\"track\"},{\"type\":\"page\"}]}")
                .statusCode(400)
                .body("accepted", equalTo(0))
                .body("rejected", hasSize(2));
        assertEquals(0, stored());
    }

    @Test
    void unknownEndpointIs404() {
        send("/v1/purchase", "{}").statusCode(404).body("detail", containsString("/v1/purchase"));
    }
}
