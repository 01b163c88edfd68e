package io.affinity.training;

import static io.affinity.TestSupport.count;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.affinity.SourceTest;
import io.affinity.training.events.EventDatasets;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * One client with a wrong clock (an event dated 2030) must not move every training's cut-off into the future: its
 * time is corrected at ingestion and recorded, and training's "latest event" leaves such times out.
 */
@QuarkusTest
class FutureEventTimeTest extends SourceTest {

    @Inject
    EventDatasets datasets;

    @Test
    void anEventFromTheFutureIsStoredAtItsReceiveTimeWithItsClaimRecorded() {
        send(
                        "/v1/batch",
                        "{\"batch\":[{\"type\":\"track\",\"userId\":\"clock\",\"event\":\"e\",\"messageId\":\"f1\","
                                + "\"timestamp\":\"2030-01-01T00:00:00Z\"},{\"type\":\"track\",\"userId\":\"clock\","
                                + "\"event\":\"e\",\"messageId\":\"f2\",\"timestamp\":\"2026-01-01T00:00:00Z\"}]}")
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("timeCorrected", equalTo(1));
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and message_id = 'f1' and ts = received_at"
                                + " and claimed_ts = '2030-01-01T00:00:00Z'",
                        key.sourceId()));
        assertEquals(
                1,
                count(
                        db,
                        "select count(*) from event where source_id = ? and message_id = 'f2'"
                                + " and ts = '2026-01-01T00:00:00Z' and claimed_ts is null",
                        key.sourceId()));
        Instant latest = datasets.latestEvent();
        assertTrue(latest.isBefore(Instant.now().plus(Duration.ofMinutes(1))), "latest event " + latest);
    }

    /** A store written before ingestion corrected times may still hold one: training leaves it out and says so. */
    @Test
    void trainingsLatestEventLeavesOutTimesFarAheadOfTheirReceipt() throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO event (source_id, message_id, type, kind,"
                        + " event, user_id, ts, received_at) VALUES (?, 'old-wrong-clock', 'track', 'track', 'e',"
                        + " 'clock', '2031-06-01T00:00:00Z', now())")) {
            ps.setLong(1, key.sourceId());
            ps.executeUpdate();
        }
        try {
            EventDatasets.History history = datasets.history();
            assertTrue(history.latest().isBefore(Instant.parse("2030-01-01T00:00:00Z")), history.toString());
            assertTrue(history.ignoredAhead() >= 1, history.toString());
            assertTrue(history.toString().contains("ahead of their receive time left out"), history.toString());
        } finally {
            try (Connection c = db.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM event WHERE source_id = ?")) {
                ps.setLong(1, key.sourceId());
                ps.executeUpdate();
            }
        }
    }
}
