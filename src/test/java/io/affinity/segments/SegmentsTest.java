package io.affinity.segments;

import static io.affinity.TestSupport.http;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.ShopFixture;
import io.affinity.TestSupport;
import io.affinity.features.CustomerAggregate;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.Events;
import io.affinity.ingest.SourceService;
import io.affinity.models.ModelRegistry;
import io.affinity.models.UseCase;
import io.affinity.training.EventJob;
import io.affinity.training.EventTraining;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Segments as a marketer or a backend uses them: a rule's live count is the number of customers it names (checked
 * against the aggregates and scores read independently), bad rules are refused saying what and where, and a refresh
 * records who entered and left, the size over time and the model version whose scores it used.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SegmentsTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    SourceService sources;

    @Inject
    CustomerAggregateService aggregates;

    @Inject
    EventTraining training;

    @Inject
    ModelRegistry registry;

    @Inject
    AgroalDataSource db;

    @Inject
    ObjectMapper json;

    @Inject
    io.affinity.jobs.JobsLambda jobs;

    /** A cohort of customers made here, told apart from everyone else by their trait {@code cohort}. */
    final String cohort = "c-" + UUID.randomUUID().toString().substring(0, 8);

    int churnVersion;
    long churnRun;

    @BeforeAll
    void seed() throws Exception {
        ShopFixture.ensureSeeded(base, sources, aggregates, json);
        churnVersion = training.train(
                        new EventJob("churn", 14, ShopFixture.END, 1, List.of("logistic-regression"), 3L), m -> {})
                .version();
        TestSupport.serve(registry, UseCase.CHURN, churnVersion);
        // Five customers: orders 0..4, plan pro for the even ones, a numeric trait, one name with markup in it.
        String key = TestSupport.newSource(sources, "segments").writeKey();
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = cohort + "-" + i;
            calls.add(Events.identify(
                    UUID.randomUUID().toString(),
                    id,
                    "{\"cohort\":\"" + cohort + "\",\"plan\":\"" + (i % 2 == 0 ? "pro" : "free") + "\",\"age\":"
                            + (20 + 10 * i) + ",\"name\":\"<b>O'Brien</b> \\\"" + i + "\\\"\"}"));
            for (int o = 0; o < i; o++)
                calls.add(Events.track(
                        UUID.randomUUID().toString(),
                        id,
                        "Order Completed",
                        "{\"order_id\":\"" + id + "-" + o + "\",\"revenue\":10}"));
        }
        http(base)
                .auth()
                .preemptive()
                .basic(key, "")
                .contentType("application/json")
                .body(Events.batch(calls.toArray(String[]::new)))
                .post("/v1/batch")
                .then()
                .statusCode(200);
        aggregates.refresh(Instant.now());
        churnRun = churnBatchRun();
    }

    /** A segment of the rule, refreshed: it has the expected members and records the batch run it read. */
    private void assertRefreshReads(String name, String rule, long expected, UseCase useCase, long run) {
        long id = create(name, rule);
        var refreshed = http(base)
                .post("/api/segments/" + id + "/refresh")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(expected, refreshed.getLong("size"));
        assertEquals(
                run,
                refreshed.getLong("modelVersions." + useCase.id() + ".batchRun"),
                "the " + useCase.id() + " run it read is recorded");
    }

    /** A model of the use case trained on the shop with the algorithm, served, and a batch run of it: its id. */
    private long trainServeAndBatchRun(UseCase useCase, String algorithm) throws Exception {
        int version = training.train(
                        new EventJob(useCase.id(), 14, ShopFixture.END, 1, List.of(algorithm), 3L), m -> {})
                .version();
        TestSupport.serve(registry, useCase, version);
        return http(base)
                .contentType("application/json")
                .body("{\"useCase\": \"" + useCase.id() + "\"}")
                .post("/api/scoring/batch")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("runId");
    }

    private long churnBatchRun() {
        return http(base)
                .contentType("application/json")
                .body("{\"useCase\": \"churn\"}")
                .post("/api/scoring/batch")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("runId");
    }

    private Response preview(String rule) {
        return http(base)
                .contentType("application/json")
                .body("{\"rule\": " + rule + "}")
                .post("/api/segments/preview");
    }

    private long count(String rule) {
        return preview(rule).then().statusCode(200).extract().jsonPath().getLong("count");
    }

    private String inCohort(String... more) {
        List<String> all =
                new ArrayList<>(List.of("{\"field\": \"trait.cohort\", \"op\": \"=\", \"value\": \"" + cohort + "\"}"));
        all.addAll(List.of(more));
        return "{\"all\": [" + String.join(", ", all) + "]}";
    }

    @Test
    void theLiveCountIsTheCustomersTheRuleNames() {
        assertEquals(5, count(inCohort()));
        assertEquals(3, count(inCohort("{\"field\": \"trait.plan\", \"op\": \"=\", \"value\": \"pro\"}")));
        assertEquals(2, count(inCohort("{\"field\": \"orders_total\", \"op\": \">=\", \"value\": 3}")));
        assertEquals(3, count(inCohort("{\"did\": \"order_completed\", \"atLeast\": 2, \"withinDays\": 1}")));
        assertEquals(3, count(inCohort("{\"field\": \"trait.age\", \"op\": \">\", \"value\": 35}")));
        assertEquals(
                4,
                count(inCohort("{\"any\": [{\"field\": \"trait.plan\", \"op\": \"=\", \"value\": \"pro\"},"
                        + " {\"field\": \"orders_total\", \"op\": \"=\", \"value\": 1}]}")));
        assertEquals(
                2, count(inCohort("{\"not\": {\"field\": \"trait.plan\", \"op\": \"in\", \"value\": [\"pro\"]}}")));
        // Markup and quotes in a value are a value, bound as a parameter: matched exactly, nothing breaks.
        assertEquals(
                1,
                count(inCohort("{\"field\": \"trait.name\", \"op\": \"contains\", \"value\": \"O'Brien</b> \\\"3\"}")));
        assertEquals(
                0,
                count(inCohort(
                        "{\"field\": \"trait.plan\", \"op\": \"=\", \"value\": \"x'; DROP TABLE segment; --\"}")));
        var sample =
                preview(inCohort()).then().statusCode(200).extract().jsonPath().getList("sample", String.class);
        assertEquals(List.of(cohort + "-0", cohort + "-1", cohort + "-2", cohort + "-3", cohort + "-4"), sample);
    }

    @Test
    void scoresAndBehaviourCountAsTheAggregatesAndTheLatestRunSay() throws Exception {
        Map<String, Double> churn = new HashMap<>();
        try (Connection c = db.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT customer_id, probability FROM customer_score WHERE run_id = ?")) {
            ps.setLong(1, churnRun);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) churn.put(rs.getString(1), rs.getDouble(2));
            }
        }
        List<CustomerAggregate> all = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            String after = null;
            for (List<CustomerAggregate> page; !(page = aggregates.page(c, after, 1000)).isEmpty(); ) {
                all.addAll(page);
                after = page.get(page.size() - 1).customerId();
            }
        }
        double cut = churn.values().stream().sorted().toList().get(churn.size() / 2);
        long expected = all.stream()
                .filter(a -> churn.getOrDefault(a.customerId(), -1.0) >= cut && a.ordersTotal() >= 1)
                .count();
        String rule = "{\"all\": [{\"field\": \"churn.probability\", \"op\": \">=\", \"value\": " + cut + "},"
                + " {\"field\": \"orders_total\", \"op\": \">=\", \"value\": 1}]}";
        assertTrue(expected > 10, "a rule that names a good share of the shop: " + expected);
        assertEquals(expected, count(rule));
        // NOT is the complement: a customer without a churn score is outside the condition, so inside its NOT.
        long outside = count("{\"not\": " + rule + "}");
        assertEquals(all.size(), expected + outside);
    }

    @Test
    void aBadRuleIsRefusedSayingWhatAndWhere() {
        preview(inCohort("{\"field\": \"recency\", \"op\": \"<\", \"value\": 3}"))
                .then()
                .statusCode(400)
                .body("detail", containsString("rule.all[1].field: unknown field 'recency'"));
        preview(inCohort("{\"field\": \"orders_total\", \"op\": \"contains\", \"value\": 3}"))
                .then()
                .statusCode(400)
                .body(
                        "detail",
                        equalTo("rule.all[1].op: 'contains' does not fit the number field orders_total;"
                                + " use one of [=, !=, <, <=, >, >=]"));
        preview(inCohort("{\"field\": \"churn.band\", \"op\": \"=\", \"value\": \"hot\"}"))
                .then()
                .statusCode(400)
                .body(
                        "detail",
                        equalTo(
                                "rule.all[1].value: 'hot' is not a value of churn.band; use one of [low, medium, high]"));
        preview(inCohort("{\"field\": \"orders_total\", \"op\": \">\", \"value\": \"many\"}"))
                .then()
                .statusCode(400)
                .body("detail", containsString("rule.all[1].value: orders_total is a number field"));
        preview(inCohort("{\"did\": \"bought\"}"))
                .then()
                .statusCode(400)
                .body("detail", containsString("rule.all[1].did: unknown event kind 'bought'; use one of"));
        preview("{\"all\": []}")
                .then()
                .statusCode(400)
                .body("detail", containsString("rule.all: expected a non-empty list of rules"));
        preview("{\"inSegment\": 999999}")
                .then()
                .statusCode(400)
                .body("detail", equalTo("rule.inSegment: there is no segment 999999"));
    }

    private long create(String name, String rule) {
        return http(base)
                .contentType("application/json")
                .body("{\"name\": \"" + name + "\", \"rule\": " + rule + "}")
                .post("/api/segments")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    @Test
    void aSegmentThatRefersToItselfDirectlyOrThroughAnotherIsRefused() {
        long a = create(cohort + " a", inCohort());
        long b = create(
                cohort + " b",
                "{\"all\": [{\"inSegment\": " + a
                        + "}, {\"field\": \"trait.plan\", \"op\": \"=\", \"value\": \"pro\"}]}");
        assertEquals(3, count("{\"inSegment\": " + b + "}"));
        http(base)
                .contentType("application/json")
                .body("{\"name\": \"" + cohort + " a\", \"rule\": {\"inSegment\": " + a + "}}")
                .put("/api/segments/" + a)
                .then()
                .statusCode(400)
                .body("detail", equalTo("rule.inSegment: segment " + a + " refers to itself"));
        http(base)
                .contentType("application/json")
                .body("{\"name\": \"" + cohort + " a\", \"rule\": {\"not\": {\"inSegment\": " + b + "}}}")
                .put("/api/segments/" + a)
                .then()
                .statusCode(400)
                .body("detail", containsString("refers to itself (through segments [" + a + ", " + b + "])"));
        http(base)
                .delete("/api/segments/" + a)
                .then()
                .statusCode(409)
                .body("detail", containsString("is used by the rules of " + cohort + " b"));
        http(base)
                .contentType("application/json")
                .body("{\"name\": \"" + cohort + " b\", \"rule\": " + inCohort() + "}")
                .post("/api/segments")
                .then()
                .statusCode(409)
                .body("detail", containsString("already exists"));
    }

    @Test
    void aRefreshRecordsWhoEnteredAndLeftTheSizeOverTimeAndTheModelItUsed() {
        String pro = "{\"field\": \"trait.plan\", \"op\": \"=\", \"value\": \"pro\"}";
        long id = create(cohort + " refresh", inCohort("{\"field\": \"orders_total\", \"op\": \">=\", \"value\": 2}"));
        var first = http(base)
                .post("/api/segments/" + id + "/refresh")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(3, first.getInt("size"));
        assertEquals(3, first.getInt("entered"));
        assertEquals(0, first.getInt("left"));
        // Now: pro customers with 2+ orders and any churn score: cohort-2 and cohort-4 stay, cohort-3 leaves.
        http(base)
                .contentType("application/json")
                .body("{\"name\": \"" + cohort + " refresh\", \"rule\": "
                        + inCohort(
                                "{\"field\": \"orders_total\", \"op\": \">=\", \"value\": 2}",
                                pro,
                                "{\"field\": \"churn.probability\", \"op\": \">=\", \"value\": 0}")
                        + "}")
                .put("/api/segments/" + id)
                .then()
                .statusCode(200);
        var second = http(base)
                .post("/api/segments/" + id + "/refresh")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(2, second.getInt("size"));
        assertEquals(0, second.getInt("entered"));
        assertEquals(1, second.getInt("left"));
        assertEquals(churnVersion, second.getInt("modelVersions.churn.version"));
        assertEquals(churnRun, second.getLong("modelVersions.churn.batchRun"));
        // Batch runs of other tests refresh every segment too: the figures asked for are those of these refreshes.
        var changes = http(base)
                .get("/api/segments/" + id + "/changes?refresh=" + second.getLong("id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(cohort + "-3"), changes.getList("customerId", String.class));
        assertEquals(List.of(false), changes.getList("entered", Boolean.class));
        var members = http(base)
                .get("/api/segments/" + id + "/members")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(cohort + "-2", cohort + "-4"), members.getList("customerId", String.class));
        var history = http(base)
                .get("/api/segments/" + id + "/history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Integer> requested = new ArrayList<>();
        List<Map<String, Object>> refreshes = history.getList("");
        for (Map<String, Object> r : refreshes)
            if (((String) r.get("trigger")).startsWith("on request")) requested.add((Integer) r.get("size"));
        assertEquals(List.of(2, 3), requested, "newest first");
        http(base).get("/api/segments/" + id).then().statusCode(200).body("latest.size", equalTo(2));
    }

    @Test
    void aBatchRunRefreshesTheSegmentsWhoseScoresItChanged() throws Exception {
        long id = create(
                cohort + " after batch",
                inCohort("{\"field\": \"churn.band\", \"op\": \"in\", \"value\": [\"low\", \"medium\", \"high\"]}"));
        long run = churnBatchRun();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode latest = null;
        while (Instant.now().isBefore(deadline)) {
            latest = json.readTree(http(base)
                            .get("/api/segments/" + id)
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString())
                    .get("latest");
            if (latest != null
                    && !latest.isNull()
                    && latest.get("trigger").asText().contains("batch run " + run)) break;
            Thread.sleep(200);
        }
        assertEquals("after the churn batch run " + run, latest.get("trigger").asText());
        assertEquals(5, latest.get("size").asInt());
        assertEquals(
                run, latest.get("modelVersions").get("churn").get("batchRun").asLong());
    }

    @Test
    void aKeyThatMayOnlyScoreCannotChangeSegments() {
        String scoreKey = TestSupport.newKey(base, cohort + "-score", "score");
        io.restassured.RestAssured.given()
                .baseUri(base.toString())
                .header("X-API-Key", scoreKey)
                .contentType("application/json")
                .body("{\"name\": \"nope\", \"rule\": " + inCohort() + "}")
                .post("/api/segments")
                .then()
                .statusCode(403);
    }

    @Test
    void aPromotionsClickProbabilityCountsAsTheLatestCtrRunRankedIt() throws Exception {
        long run = trainServeAndBatchRun(UseCase.CTR, "logistic-regression");
        // The promotion the run ranked for the most customers (which ones run depends on what was viewed lately).
        String promotion;
        List<Double> scores = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT item_id FROM customer_ranking WHERE run_id = ?"
                    + " GROUP BY item_id ORDER BY count(*) DESC, item_id LIMIT 1")) {
                ps.setLong(1, run);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "the ctr run ranked promotions");
                    promotion = rs.getString(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT score FROM customer_ranking WHERE run_id = ? AND item_id = ? ORDER BY score")) {
                ps.setLong(1, run);
                ps.setString(2, promotion);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) scores.add(rs.getDouble(1));
                }
            }
        }
        assertTrue(scores.size() > 100, "the run ranked " + promotion + " for most customers: " + scores.size());
        double cut = scores.get(scores.size() / 2);
        long expected = scores.stream().filter(x -> x >= cut).count();
        String rule = "{\"field\": \"promotion." + promotion + ".click_probability\", \"op\": \">=\", \"value\": " + cut
                + "}";
        assertEquals(expected, count(rule));
        assertRefreshReads(cohort + " clickers", rule, expected, UseCase.CTR, run);
        preview("{\"field\": \"promotion.<b>.click_probability\", \"op\": \">=\", \"value\": 0.1}")
                .then()
                .statusCode(400)
                .body("detail", containsString("unknown field"));
    }

    @Test
    void theRecommendedCategoryIsTheCategoryOfTheTopProductOfTheLatestRecommendRun() throws Exception {
        long run = trainServeAndBatchRun(UseCase.RECOMMEND, "neumf");
        // Read back independently: the category most customers' first product has, and how many have it.
        String category;
        long expected;
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT category, count(*) FROM customer_ranking"
                        + " WHERE run_id = ? AND rank = 1 AND category IS NOT NULL"
                        + " AND customer_id IN (SELECT customer_id FROM customer_aggregate)"
                        + " GROUP BY category ORDER BY count(*) DESC, category LIMIT 1")) {
            ps.setLong(1, run);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the recommend run ranked products with categories");
                category = rs.getString(1);
                expected = rs.getLong(2);
            }
        }
        assertTrue(expected > 10, category + ": " + expected);
        String rule = "{\"field\": \"recommend.category\", \"op\": \"=\", \"value\": \"" + category + "\"}";
        assertEquals(expected, count(rule));
        assertEquals(
                expected,
                count("{\"field\": \"recommend.category\", \"op\": \"in\", \"value\": [\"" + category
                        + "\", \"no such category\"]}"));
        assertRefreshReads(cohort + " top category", rule, expected, UseCase.RECOMMEND, run);
        assertEquals(
                run,
                http(base)
                        .get("/api/segments/facts")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getLong("modelVersions.recommend.batchRun"));
        preview("{\"field\": \"recommend.category\", \"op\": \">\", \"value\": \"a\"}")
                .then()
                .statusCode(400)
                .body("detail", containsString("recommend.category"));
    }

    @Test
    void theJobsFunctionRefreshesEverySegment() {
        long id = create(cohort + " jobs", inCohort());
        var done = (SegmentRefresh.Everything) jobs.handleRequest(
                new io.affinity.jobs.JobsLambda.JobRequest("refresh-segments", null, null, null, null), null);
        assertEquals("jobs", done.facts().trigger());
        assertTrue(done.facts().customers() >= 5, done.facts().toString());
        assertTrue(
                done.segments().stream()
                        .anyMatch(r -> r.size() == 5 && r.trigger().equals("jobs")),
                done.segments().toString());
        var history = http(base)
                .get("/api/segments/" + id + "/history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertTrue(history.getList("trigger", String.class).contains("jobs"));
    }

    @Test
    void theExportIsTheMembersWithTheirLatestScores() throws Exception {
        long id = create(cohort + " export", inCohort());
        http(base).post("/api/segments/" + id + "/refresh").then().statusCode(200);
        var response =
                http(base).get("/api/segments/" + id + "/export.csv").then().statusCode(200);
        response.header("Content-Disposition", containsString("segment-" + id + ".csv"));
        var records = org.apache.commons.csv.CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .get()
                .parse(new java.io.StringReader(response.extract().asString()))
                .getRecords();
        assertEquals(5, records.size());
        assertEquals(cohort + "-0", records.get(0).get("customer_id"));
        for (var r : records) {
            double expected;
            try (Connection c = db.getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT probability FROM customer_score s WHERE"
                            + " customer_id = ? AND use_case = 'churn' AND run_id = (SELECT max(id) FROM score_run"
                            + " WHERE use_case = 'churn' AND status = 'done')")) {
                ps.setString(1, r.get("customer_id"));
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next(), "a churn score for " + r.get("customer_id"));
                    expected = rs.getDouble(1);
                }
            }
            assertEquals(expected, Double.parseDouble(r.get("churn_probability")), 1e-12);
            assertTrue(List.of("low", "medium", "high").contains(r.get("churn_band")));
        }
        http(base).get("/api/segments/999999/export.csv").then().statusCode(404);
    }

    @Test
    void membersSortedByAScoreComeWithTheirScoresAndReasons() {
        long id = create(cohort + " sorted", inCohort());
        http(base).post("/api/segments/" + id + "/refresh").then().statusCode(200);
        var page = http(base)
                .get("/api/segments/" + id + "/members?sort=churn.probability&limit=3")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Float> churn = page.getList("scores.churn.probability", Float.class);
        assertEquals(3, churn.size());
        assertTrue(churn.get(0) >= churn.get(1) && churn.get(1) >= churn.get(2), "highest first: " + churn);
        List<List<String>> reasons = page.getList("reasons");
        assertTrue(!reasons.get(0).isEmpty() && reasons.get(0).get(0).contains("churn score"), reasons.toString());
        var rest = http(base)
                .get("/api/segments/" + id + "/members?sort=churn.probability&offset=3")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(2, rest.getList("customerId").size());
        // A member the latest run did not score comes after every scored one, on the last page.
        String late = cohort + "-late";
        http(base)
                .auth()
                .preemptive()
                .basic(TestSupport.newSource(sources, "late").writeKey(), "")
                .contentType("application/json")
                .body(Events.batch(
                        Events.identify(UUID.randomUUID().toString(), late, "{\"cohort\":\"" + late + "\"}")))
                .post("/v1/batch")
                .then()
                .statusCode(200);
        aggregates.refresh(Instant.now());
        long both = create(
                cohort + " and late",
                "{\"any\": [" + inCohort() + ", {\"field\": \"trait.cohort\"," + " \"op\": \"=\", \"value\": \"" + late
                        + "\"}]}");
        http(base).post("/api/segments/" + both + "/refresh").then().statusCode(200);
        List<String> first = http(base)
                .get("/api/segments/" + both + "/members?sort=churn.probability&limit=4")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("customerId");
        List<String> last = http(base)
                .get("/api/segments/" + both + "/members?sort=churn.probability&offset=4")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("customerId");
        assertEquals(4, first.size());
        assertEquals(2, last.size(), "six members in all: " + first + last);
        assertEquals(late, last.get(1), "unscored, so last");
        assertTrue(!first.contains(late));
        http(base)
                .get("/api/segments/" + id + "/members?sort=orders_total")
                .then()
                .statusCode(400)
                .body("detail", containsString("sort: 'orders_total' is not a score"));
    }
}
