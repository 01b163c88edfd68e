package io.affinity;

import static io.affinity.TestSupport.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.affinity.demo.ShopSimulator;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.IngestException;
import io.affinity.ingest.SourceService;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated shop fed once per test run through {@code POST /v1/batch} (source {@code shop-fixture}), ending at
 * {@link #END}: in the past, so the events other tests send "now" fall after its history.
 */
public final class ShopFixture {

    public static final Instant END = Instant.parse("2026-05-01T00:00:00Z");
    static final String SOURCE = "shop-fixture";

    private ShopFixture() {}

    public static synchronized void ensureSeeded(
            URL base, SourceService sources, CustomerAggregateService aggregates, ObjectMapper json) throws Exception {
        try {
            sources.sourceIdByName(SOURCE);
            return; // seeded by an earlier test class of this run
        } catch (IngestException absent) {
            // first use: seed below
        }
        String key = sources.createSource(SOURCE).writeKey();
        feed(base, key, new ShopSimulator(new ShopSimulator.Config(900, 120, 8, 8, 60, 7), END), json);
        aggregates.refresh(Instant.now()); // identity links and current aggregates
    }

    /** Sends every event of a simulated shop through {@code POST /v1/batch} with the write key, 500 per batch. */
    public static void feed(URL base, String writeKey, ShopSimulator sim, ObjectMapper json) throws Exception {
        List<ObjectNode> batch = new ArrayList<>();
        List<List<ObjectNode>> batches = new ArrayList<>();
        sim.run(e -> {
            batch.add(e);
            if (batch.size() == 500) {
                batches.add(List.copyOf(batch));
                batch.clear();
            }
        });
        batches.add(List.copyOf(batch));
        for (List<ObjectNode> b : batches) {
            ObjectNode body = json.createObjectNode();
            body.putArray("batch").addAll(b);
            http(base)
                    .auth()
                    .preemptive()
                    .basic(writeKey, "")
                    .contentType("application/json")
                    .body(json.writeValueAsBytes(body))
                    .post("/v1/batch")
                    .then()
                    .statusCode(200);
        }
    }
}
