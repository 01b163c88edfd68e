package io.affinity.ingest;

import static io.affinity.TestSupport.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import io.affinity.TestSupport;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The official Segment Java library, pointed at Affinity, delivers every event exactly once. */
@QuarkusTest
class SegmentLibraryTest {

    private static final int EVENTS = 300;

    @TestHTTPResource("/")
    URL base;

    @Inject
    SourceService sources;

    @Inject
    AgroalDataSource db;

    @Test
    void everyEventFromAnalyticsJavaArrivesExactlyOnce() throws Exception {
        SourceService.NewKey key = TestSupport.newSource(sources, "segment-java");
        CountDownLatch done = new CountDownLatch(EVENTS + 2);
        Map<String, Boolean> delivered = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Analytics analytics = Analytics.builder(key.writeKey())
                .endpoint(base.toString().replaceAll("/$", ""))
                .flushQueueSize(50)
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                        delivered.put(message.messageId(), true);
                        done.countDown();
                    }

                    @Override
                    public void failure(Message message, Throwable throwable) {
                        failures.add(throwable);
                        done.countDown();
                    }
                })
                .build();
        analytics.enqueue(IdentifyMessage.builder().userId("sdk-user").traits(Map.of("plan", "gold")));
        analytics.enqueue(PageMessage.builder("Home").userId("sdk-user"));
        for (int i = 0; i < EVENTS; i++) {
            analytics.enqueue(TrackMessage.builder("Product Viewed")
                    .userId("sdk-user")
                    .properties(Map.of("product_id", "p" + i, "price", 10 + i)));
        }
        analytics.flush();
        assertTrue(done.await(60, TimeUnit.SECONDS), "the library reported every message");
        analytics.shutdown();

        assertEquals(List.of(), failures);
        assertEquals(EVENTS + 2, delivered.size());
        assertEquals(EVENTS + 2, count(db, "select count(*) from event where source_id = ?", key.sourceId()));
        assertEquals(
                EVENTS + 2,
                count(
                        db,
                        "select count(distinct message_id) from event where source_id = ?"
                                + " and message_id = any (?)",
                        key.sourceId(),
                        delivered.keySet().toArray(String[]::new)));
        assertEquals(
                EVENTS,
                count(
                        db,
                        "select count(*) from event where source_id = ? and kind = 'product_viewed'"
                                + " and product_id is not null and price >= 10",
                        key.sourceId()));
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from customer where customer_id = 'sdk-user'"
                                + " and traits->>'plan' = 'gold'"));
    }
}
