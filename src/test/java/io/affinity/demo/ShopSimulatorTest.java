package io.affinity.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo shop is repeatable and its structure is there to be learned. */
class ShopSimulatorTest {

    private static final Instant END = Instant.parse("2026-11-29T00:00:00Z");
    private static final ShopSimulator.Config SHOP = new ShopSimulator.Config(800, 200, 10, 8, 60, 42);

    @Test
    void sameSeedSameEventsOtherSeedOtherEvents() {
        List<ObjectNode> a = new ShopSimulator(SHOP, END).events();
        List<ObjectNode> b = new ShopSimulator(SHOP, END).events();
        List<ObjectNode> c = new ShopSimulator(new ShopSimulator.Config(800, 200, 10, 8, 60, 43), END).events();
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertTrue(a.size() > 20_000, "a shop of 800 customers over 60 days has activity: " + a.size());
    }

    /** The demo's end is the server's clock: an event after it would be an event from the future. */
    @Test
    void noEventIsAfterTheEnd() {
        List<ObjectNode> events = new ShopSimulator(SHOP, END).events();
        Instant latest = events.stream()
                .map(e -> Instant.parse(e.get("timestamp").asText()))
                .max(Instant::compareTo)
                .orElseThrow();
        assertTrue(!latest.isAfter(END), "latest event " + latest + " is after the end " + END);
        assertTrue(latest.isAfter(END.minusSeconds(86_400)), "the shop is busy up to its end: " + latest);
    }

    /**
     * Tastes are learnable: the category a customer viewed most in the first half of their history predicts the
     * categories they buy in the second half far better than the shop's most popular category does.
     */
    @Test
    void earlyViewsPredictLaterPurchases() {
        Map<String, List<JsonNode>> byCustomer = new HashMap<>();
        for (ObjectNode e : new ShopSimulator(SHOP, END).events()) {
            if (e.has("userId")) {
                byCustomer
                        .computeIfAbsent(e.get("userId").asText(), k -> new ArrayList<>())
                        .add(e);
            }
        }
        Map<String, Integer> popularity = new HashMap<>();
        int personalHits = 0;
        int popularHits = 0;
        int purchases = 0;
        List<String[]> later = new ArrayList<>(); // [favourite, bought category]
        for (List<JsonNode> events : byCustomer.values()) {
            int half = events.size() / 2;
            Map<String, Integer> views = new HashMap<>();
            for (JsonNode e : events.subList(0, half)) {
                if ("Product Viewed".equals(e.path("event").asText())) {
                    String category = e.path("properties").path("category").asText();
                    views.merge(category, 1, Integer::sum);
                    popularity.merge(category, 1, Integer::sum);
                }
            }
            String favourite = views.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse(null);
            if (favourite == null) {
                continue;
            }
            for (JsonNode e : events.subList(half, events.size())) {
                if ("Order Completed".equals(e.path("event").asText())) {
                    for (JsonNode line : e.path("properties").path("products")) {
                        later.add(new String[] {favourite, line.path("category").asText()});
                    }
                }
            }
        }
        String mostPopular = popularity.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        for (String[] pair : later) {
            purchases++;
            personalHits += pair[0].equals(pair[1]) ? 1 : 0;
            popularHits += mostPopular.equals(pair[1]) ? 1 : 0;
        }
        assertTrue(purchases > 1000, "enough later purchases to judge: " + purchases);
        double personal = personalHits / (double) purchases;
        double popular = popularHits / (double) purchases;
        assertTrue(
                personal > 2 * popular,
                "favourite category hit rate " + personal + " vs most popular category " + popular);
    }

    /** Hidden loyalty shows: customers who cancel ordered less often than those still subscribed. */
    @Test
    void cancellersBuyLessThanStayers() {
        Map<String, int[]> perCustomer = new HashMap<>(); // [orders, cancelled, subscribed]
        for (ObjectNode e : new ShopSimulator(SHOP, END).events()) {
            if (!e.has("userId")) {
                continue;
            }
            int[] c = perCustomer.computeIfAbsent(e.get("userId").asText(), k -> new int[3]);
            switch (e.path("event").asText()) {
                case "Order Completed" -> c[0]++;
                case "Subscription Cancelled" -> c[1] = 1;
                case "Subscription Started" -> c[2] = 1;
                default -> {}
            }
        }
        double cancellers = perCustomer.values().stream()
                .filter(c -> c[1] == 1)
                .mapToInt(c -> c[0])
                .average()
                .orElseThrow();
        double stayers = perCustomer.values().stream()
                .filter(c -> c[2] == 1 && c[1] == 0)
                .mapToInt(c -> c[0])
                .average()
                .orElseThrow();
        assertTrue(stayers > 1.5 * cancellers, "orders per stayer " + stayers + " vs per canceller " + cancellers);
    }
}
