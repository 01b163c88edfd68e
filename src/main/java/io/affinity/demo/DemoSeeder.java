package io.affinity.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.affinity.campaigns.Campaigns;
import io.affinity.features.CustomerAggregateService;
import io.affinity.ingest.IngestException;
import io.affinity.ingest.SourceService;
import io.affinity.segments.Segments;
import io.affinity.training.EventJob;
import io.affinity.training.EventTraining;
import io.affinity.training.TrainingReport;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * On a fresh local start, creates the {@code demo-shop} source and feeds the simulated shop through the real
 * tracking API ({@code POST /v1/batch}, batches of 500), then prints where the dashboard is and a write key. The
 * shop ran a campaign over its last week (promotion {@value #OFFER}, 30% of the identified customers held
 * out) with a true effect; once the models are trained the seeder launches the campaign on a segment of them, so the
 * dashboard shows its measured lift.
 */
@ApplicationScoped
public class DemoSeeder {

    static final String SOURCE = "demo-shop";
    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);
    private static final int BATCH = 500;
    static final String OFFER = "spring-offer";
    static final int CAMPAIGN_DAYS = 7;
    static final int HOLDOUT_BUCKETS = 3_000;

    private final DemoConfig config;
    private final SourceService sources;
    private final CustomerAggregateService aggregates;
    private final EventTraining training;
    private final Segments segments;
    private final Campaigns campaigns;
    private final ObjectMapper mapper;
    private final int port;
    private final Path dataDir;

    DemoSeeder(
            DemoConfig config,
            SourceService sources,
            CustomerAggregateService aggregates,
            EventTraining training,
            Segments segments,
            Campaigns campaigns,
            ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
            @ConfigProperty(name = "affinity.data-dir", defaultValue = "affinity-data") Path dataDir) {
        this.config = config;
        this.sources = sources;
        this.aggregates = aggregates;
        this.training = training;
        this.segments = segments;
        this.campaigns = campaigns;
        this.mapper = mapper;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Seeds once the HTTP server listens, since the events go through it. */
    void onStart(@ObservesAsync HttpServerStart event) {
        if (config.enabled()) {
            Thread t = new Thread(this::seedOrGreet, "demo-seeder");
            t.setDaemon(true);
            t.start();
        }
    }

    private void seedOrGreet() {
        Path keyFile = dataDir.resolve("demo-write-key");
        try {
            String writeKey;
            if (sourceExists()) {
                writeKey = Files.exists(keyFile) ? Files.readString(keyFile).trim() : null;
            } else {
                writeKey = sources.createSource(SOURCE).writeKey();
                Files.writeString(keyFile, writeKey);
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                seed(writeKey, end);
                greet(writeKey);
                trainModels();
                launchCampaign(end);
                return;
            }
            greet(writeKey);
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOG.error("Demo data could not be seeded", e);
        }
    }

    private boolean sourceExists() {
        try {
            sources.sourceIdByName(SOURCE);
            return true;
        } catch (IngestException e) {
            return false;
        }
    }

    /** Posts the whole simulated shop through the tracking API and refreshes the aggregates. */
    long seed(String writeKey, Instant end) throws IOException, InterruptedException {
        var sim = new ShopSimulator(
                new ShopSimulator.Config(
                        config.customers(),
                        config.products(),
                        config.categories(),
                        config.campaigns(),
                        config.days(),
                        config.seed()),
                end,
                "",
                treatment(end));
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/batch");
        long t0 = System.nanoTime();
        List<ObjectNode> batch = new ArrayList<>(BATCH);
        List<Future<?>> inFlight = new ArrayList<>();
        long[] sent = {0};
        ExecutorService posters = Executors.newFixedThreadPool(2);
        try {
            sim.run(e -> {
                batch.add(e);
                if (batch.size() == BATCH) {
                    inFlight.add(posters.submit(post(http, uri, auth, List.copyOf(batch))));
                    sent[0] += batch.size();
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                inFlight.add(posters.submit(post(http, uri, auth, List.copyOf(batch))));
                sent[0] += batch.size();
            }
            for (Future<?> f : inFlight) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "demo batch refused: " + e.getCause().getMessage(), e.getCause());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int customers = aggregates.refresh(Instant.now());
        LOG.infof(
                "Demo shop: %d events through /v1/batch in %.1f s (%.0f events/s), %d customers",
                sent[0], seconds, sent[0] / seconds, customers);
        return sent[0];
    }

    private java.util.concurrent.Callable<Void> post(HttpClient http, URI uri, String auth, List<ObjectNode> events) {
        return () -> {
            ObjectNode body = mapper.createObjectNode();
            body.putArray("batch").addAll(events);
            body.put("sentAt", Instant.now().toString());
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || response.body().contains("\"rejected\":[{")) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
            return null;
        };
    }

    /** Trains the four use cases on the freshly seeded shop, so the registry has a production model of each. */
    void trainModels() {
        for (String useCase : List.of("propensity", "churn", "ctr", "recommend")) {
            long t0 = System.nanoTime();
            try {
                TrainingReport r = training.train(new EventJob(useCase, 14, null, 4, List.of(), null), LOG::debug);
                LOG.infof(
                        "Demo model %s v%d (%s): %s %.3f, %s; trained in %.1f s",
                        useCase,
                        r.version(),
                        r.algorithm(),
                        r.primaryMetric(),
                        r.primaryValue(),
                        r.algorithms().stream()
                                .filter(a -> a.algorithm().startsWith("baseline"))
                                .map(a -> String.format("%s %.3f", a.algorithm(), a.holdout()))
                                .findFirst()
                                .orElse(""),
                        (System.nanoTime() - t0) / 1e9);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Demo model %s could not be trained", useCase);
            }
        }
    }

    /**
     * The campaign the simulated shop ran: 60% of the treated who visit in its window order once more. Strong, so that
     * the demo's 2,000 customers show it: over 30 salts the lift was significant in 97% of them (README).
     */
    ShopSimulator.Treatment treatment(Instant end) {
        return new ShopSimulator.Treatment(
                salt(),
                HOLDOUT_BUCKETS,
                end.minus(java.time.Duration.ofDays(CAMPAIGN_DAYS)),
                end,
                OFFER,
                0.6,
                ShopSimulator.Treatment.Mode.ASSIGNED);
    }

    private String salt() {
        return "demo-" + config.seed();
    }

    /** The shop's campaign, launched on its identified customers with the salt the shop assigned them by. */
    void launchCampaign(Instant end) {
        try {
            var audience = segments.create(
                    new Segments.Draft(
                            "Identified shoppers",
                            "Every customer who told us their e-mail",
                            mapper.readTree("{\"field\": \"trait.email\", \"op\": \"contains\", \"value\": \"@\"}")),
                    "demo");
            var campaign = campaigns.create(
                    new Campaigns.Draft(
                            "Spring offer",
                            audience.id(),
                            new Campaigns.Offer(OFFER, "10% off your next order"),
                            end.minus(java.time.Duration.ofDays(CAMPAIGN_DAYS)),
                            end,
                            HOLDOUT_BUCKETS / (double) io.affinity.campaigns.Assignment.BUCKETS,
                            salt()),
                    "demo");
            LOG.infof(
                    "Demo campaign '%s': %d treated, %d held out",
                    campaign.name(), campaign.treated(), campaign.holdout());
        } catch (IOException | RuntimeException e) {
            LOG.error("Demo campaign could not be launched", e);
        }
    }

    /** Printed to the console, not logged: the write key is for the person who just started the demo. */
    private void greet(String writeKey) {
        String url = "http://localhost:" + port + "/";
        System.out.println();
        System.out.println("  Affinity is running.");
        System.out.println("  Dashboard:  " + url);
        if (writeKey != null) {
            System.out.println("  Write key:  " + writeKey + "   (source '" + SOURCE + "')");
            System.out.println("  Try it:     curl -u " + writeKey + ": -H 'Content-Type: application/json' \\");
            System.out.println("                -d '{\"userId\":\"me\",\"event\":\"Product Viewed\","
                    + "\"properties\":{\"product_id\":\"prod-1\"}}' " + url + "v1/track");
        }
        System.out.println();
    }
}
