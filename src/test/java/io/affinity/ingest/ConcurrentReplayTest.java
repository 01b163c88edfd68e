package io.affinity.ingest;

import static io.affinity.TestSupport.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.TestSupport;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Several clients replaying the same batches at the same moment: every event is stored exactly once. */
@QuarkusTest
class ConcurrentReplayTest {

    private static final int CLIENTS = 4;
    private static final int ROUNDS = 3;
    private static final int EVENTS = 500;

    @TestHTTPResource("/v1/batch")
    URL batchUrl;

    @Inject
    SourceService sources;

    @Inject
    AgroalDataSource db;

    @Inject
    ObjectMapper mapper;

    @Test
    void concurrentReplaysStoreEachEventOnce() throws Exception {
        SourceService.NewKey key = TestSupport.newSource(sources, "replay");
        String auth =
                "Basic " + Base64.getEncoder().encodeToString((key.writeKey() + ":").getBytes(StandardCharsets.UTF_8));
        HttpClient client = HttpClient.newHttpClient();
        int accepted = 0;
        int duplicates = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                events.add(Events.track(
                        "r" + round + "-" + i,
                        "u" + (i % 37),
                        "Product Viewed",
                        "{\"product_id\":\"p" + (i % 50) + "\"}"));
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(batchUrl.toString()))
                    .header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Events.batch(events.toArray(String[]::new))))
                    .build();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                calls.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                assertEquals(200, response.statusCode(), response.body());
                JsonNode body = mapper.readTree(response.body());
                accepted += body.get("accepted").asInt();
                duplicates += body.get("duplicates").asInt();
            }
        }
        assertEquals(ROUNDS * EVENTS, accepted, "each event accepted by exactly one of the clients");
        assertEquals(ROUNDS * EVENTS * (CLIENTS - 1), duplicates, "every other copy reported as a duplicate");
        assertEquals(ROUNDS * EVENTS, count(db, "select count(*) from event where source_id = ?", key.sourceId()));
    }
}
