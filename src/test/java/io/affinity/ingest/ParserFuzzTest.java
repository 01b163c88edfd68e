package io.affinity.ingest;

import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.affinity.platform.StoredText;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Coverage-guided fuzzing (Jazzer) of what parses untrusted bytes: the tracking API's request parser with the event
 * reader behind it, and the bulk NDJSON and CSV readers. Whatever the bytes, the answer is an accepted event whose
 * texts PostgreSQL can store, or a refusal in the API's own types; never another exception.
 *
 * <p>In the suite this replays the inputs kept under {@code src/test/resources/io/affinity/ingest/ParserFuzzTestInputs}
 * (crashes found earlier, kept as regression tests); {@code ./mvnw -Pbench verify} fuzzes it for minutes
 * ({@code JAZZER_FUZZ=1}).
 */
class ParserFuzzTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @FuzzTest(maxDuration = "5m")
    void parsersAnswerEveryInputInTheirOwnTerms(FuzzedDataProvider data) {
        int target = data.consumeInt(0, 3);
        byte[] bytes = data.consumeRemainingAsBytes();
        switch (target) {
            case 0 -> tracking(bytes, null);
            case 1 -> tracking(bytes, CallType.TRACK);
            case 2 -> bulk(bytes, BulkFormat.NDJSON);
            default -> bulk(bytes, BulkFormat.CSV);
        }
    }

    private static void tracking(byte[] body, CallType forced) {
        RequestParser.Parsed parsed;
        try {
            parsed = RequestParser.parse(body, forced, NOW);
        } catch (IngestException refusedWhole) {
            return;
        }
        for (RequestParser.RawEvent raw : parsed.events()) read(raw, parsed.context());
    }

    private static void bulk(byte[] file, BulkFormat format) {
        try (BulkLineReader lines = BulkLineReader.open(
                format, new InputStreamReader(new ByteArrayInputStream(file), StandardCharsets.UTF_8))) {
            while (lines.hasNext()) {
                BulkLineReader.Item item = lines.next();
                if (item.event() != null) read(item.event(), new BatchContext(NOW, null, null, null));
                else assertNull(StoredText.problem(item.problem().error()), "a rejection must be storable");
            }
        } catch (java.io.IOException | UncheckedIOException unreadableFile) {
            // A file that cannot be read on (a CSV quote never closed): the import ends as failed, with why.
        }
    }

    /** An accepted event holds only what PostgreSQL can store; a refused one says why in storable words. */
    private static void read(RequestParser.RawEvent raw, BatchContext context) {
        try {
            TrackedEvent e = EventReader.read(raw, context, 1L, "fuzz:" + raw.index());
            for (String s : new String[] {
                e.messageId(),
                e.event(),
                e.userId(),
                e.anonymousId(),
                e.previousId(),
                e.productId(),
                e.category(),
                e.orderId(),
                e.promotionId(),
                e.name(),
                e.groupId()
            }) {
                assertNull(StoredText.problem(s), "accepted text must be storable: " + StoredText.visible(s));
            }
            for (RawJson json : new RawJson[] {e.properties(), e.traits(), e.context()}) {
                if (json != null) assertNull(JsonText.problem(json.buf(), json.off(), json.len()), "storable JSON");
            }
        } catch (EventRejectedException refused) {
            assertNull(StoredText.problem(new Rejection(raw.index(), refused.field(), refused.getMessage()).error()));
        }
    }
}
