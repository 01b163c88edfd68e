package io.affinity.ingest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.SourceTest;
import io.affinity.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The headers that describe a body (Content-Encoding, Content-Type, Content-Length) never cost an answer: a body
 * that is not what they say gets a 4xx that says so, on a connection the server does not just drop.
 */
@QuarkusTest
class BodyHeadersTest extends SourceTest {

    private static final String BATCH = "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"}]}";

    private io.restassured.specification.RequestSpecification producer() {
        return TestSupport.http(base).auth().preemptive().basic(key.writeKey(), "");
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        }
        return out.toByteArray();
    }

    @Test
    void aBodyMarkedGzipThatIsNotIsA400() {
        producer()
                .contentType("application/json")
                .header("Content-Encoding", "gzip")
                .body(BATCH)
                .post("/v1/batch")
                .then()
                .statusCode(400)
                .body("detail", containsString("not valid gzip"));
        assertEquals(0, stored());
    }

    @Test
    void aTruncatedGzipBodyIsA400() throws IOException {
        byte[] z = gzip(BATCH.getBytes(StandardCharsets.UTF_8));
        producer()
                .contentType("application/json")
                .header("Content-Encoding", "gzip")
                .body(Arrays.copyOf(z, z.length - 12))
                .post("/v1/batch")
                .then()
                .statusCode(400)
                .body("detail", containsString("ends before the gzip stream does"));
        assertEquals(0, stored());
    }

    @Test
    void aGzipBodyIsStoredAndAGzipBombIsRefusedUnread() throws IOException {
        producer()
                .contentType("application/json")
                .header("Content-Encoding", "gzip")
                .body(gzip(BATCH.getBytes(StandardCharsets.UTF_8)))
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        producer()
                .contentType("application/json")
                .header("Content-Encoding", "gzip")
                .body(gzip(new byte[50_000_000]))
                .post("/v1/batch")
                .then()
                .statusCode(413)
                .body("detail", containsString("decodes to more than 512000 bytes"));
        assertEquals(1, stored());
    }

    @Test
    void otherContentEncodingsAre415NamingThem() {
        for (String coding : new String[] {"deflate", "br", "compress"}) {
            producer()
                    .contentType("application/json")
                    .header("Content-Encoding", coding)
                    .body(BATCH)
                    .post("/v1/batch")
                    .then()
                    .statusCode(415)
                    .body("detail", containsString("Content-Encoding " + coding + " is not supported"));
        }
        TestSupport.http(base)
                .contentType("application/json")
                .header("Content-Encoding", "gzip")
                .body("{\"name\":\"x\"}")
                .post("/api/sources")
                .then()
                .statusCode(415)
                .body("detail", containsString("send the body uncompressed"));
        assertEquals(0, stored());
    }

    @Test
    void aContentTypeOfAnotherFormatIs415AndJsonTextAndNoneAreTaken() {
        producer()
                .contentType("application/x-www-form-urlencoded")
                .body(BATCH)
                .post("/v1/batch")
                .then()
                .statusCode(415)
                .body("detail", containsString("application/x-www-form-urlencoded is not accepted"));
        assertEquals(0, stored());
        producer()
                .contentType("text/plain;charset=UTF-8") // navigator.sendBeacon
                .body(BATCH.replace("\"e\"", "\"beacon\""))
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        assertEquals(1, stored());
    }

    @Test
    void aBodyShorterThanItsContentLengthGetsA408NotAHang() throws IOException {
        byte[] body = BATCH.getBytes(StandardCharsets.UTF_8);
        String answer = raw(body.length + 100, body);
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        assertTrue(answer.contains(body.length + " of the " + (body.length + 100) + " bytes"), answer);
        assertEquals(0, stored());
    }

    @Test
    void aBodyLongerThanItsContentLengthIsReadToItsLengthAndAnswered() throws IOException {
        byte[] body = BATCH.getBytes(StandardCharsets.UTF_8);
        String answer = raw(20, body);
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("malformed JSON at line 1, column 21"), answer);
        assertEquals(0, stored());
    }

    /** Sends a request with the given Content-Length and body bytes; returns what came back within 10 s. */
    private String raw(int contentLength, byte[] body) throws IOException {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            String auth = Base64.getEncoder().encodeToString((key.writeKey() + ":").getBytes(StandardCharsets.UTF_8));
            String head = "POST /v1/batch HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    got.write(buf, 0, n);
                    if (got.toString(StandardCharsets.UTF_8).contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // what came is the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }
}
