package io.affinity.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.features.Catalogue;
import io.affinity.ingest.CustomerDeleted;
import io.affinity.ingest.PrivacyService;
import io.affinity.models.ModelCard;
import io.affinity.models.ModelException;
import io.affinity.models.ModelRegistry;
import io.affinity.models.OnnxModel;
import io.affinity.models.UseCase;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The production model of each use case, one ONNX Runtime session per version per process. The production
 * pointer is re-read at most every {@code affinity.scoring.refresh-every}; a new version is loaded, checked
 * (sha256, inputs and outputs against its card) and switched in atomically, and the old session closes once its
 * calls in flight return. If S3 cannot be read, or the new version is refused, the loaded version keeps serving.
 */
@ApplicationScoped
public class ModelSessions {

    private static final Logger LOG = Logger.getLogger(ModelSessions.class);

    /** What was found at the last check: the model served, or (model null) why there is none. */
    private record Entry(ServingModel model, long checkedAt, String none) {
        Entry(ServingModel model, long checkedAt) {
            this(model, checkedAt, null);
        }

        ServingModel served() {
            if (model == null) throw new NoModelException(none);
            return model;
        }
    }

    private final ModelRegistry registry;
    private final Catalogue catalogue;
    private final PrivacyService privacy;
    private final ObjectMapper json;
    private final long refreshNanos;
    private final Path cacheDir;
    private final Map<UseCase, Entry> current = new ConcurrentHashMap<>();
    private final Map<UseCase, Object> locks = new ConcurrentHashMap<>();
    /** Versions refused once (corrupt, mismatched): not downloaded again until the pointer moves elsewhere. */
    private final Map<UseCase, Integer> refused = new ConcurrentHashMap<>();

    private final ScoringMetrics metrics;

    @Inject
    ModelSessions(
            ModelRegistry registry,
            Catalogue catalogue,
            PrivacyService privacy,
            ObjectMapper json,
            ScoringConfig config,
            ScoringMetrics metrics) {
        this.metrics = metrics;
        this.registry = registry;
        this.catalogue = catalogue;
        this.privacy = privacy;
        this.json = json;
        this.refreshNanos = config.refreshEvery().toNanos();
        this.cacheDir = config.cacheDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "affinity-models"));
    }

    private ModelSessions(Map<UseCase, ServingModel> fixed) {
        this.registry = null;
        this.catalogue = null;
        this.privacy = null;
        this.json = null;
        this.refreshNanos = Long.MAX_VALUE;
        this.cacheDir = null;
        this.metrics = ScoringMetrics.none();
        fixed.forEach((useCase, model) -> current.put(useCase, new Entry(model, System.nanoTime())));
    }

    /** Serves the given models and never looks at the registry (benchmarks of the scoring path). */
    static ModelSessions fixed(Map<UseCase, ServingModel> models) {
        return new ModelSessions(models);
    }

    /** Runs {@code call} with the current production model of {@code useCase}, holding it until the call returns. */
    public <T> T withModel(UseCase useCase, Function<ServingModel, T> call) {
        while (true) {
            ServingModel model = current(useCase);
            if (!model.acquire()) continue; // replaced and closed in between: take the new one
            long start = System.nanoTime();
            try {
                return call.apply(model);
            } finally {
                model.release();
                if (model.latency != null) model.latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
    }

    ServingModel current(UseCase useCase) {
        // "No model yet" is remembered for the refresh period too: without it, every call of a use case that has no
        // production model read the registry's pointer from S3 (a members page asked 50 times, 1.5 s).
        Entry e = current.get(useCase);
        if (e != null && System.nanoTime() - e.checkedAt() < refreshNanos) return e.served();
        synchronized (locks.computeIfAbsent(useCase, k -> new Object())) {
            e = current.get(useCase);
            if (e != null && System.nanoTime() - e.checkedAt() < refreshNanos) return e.served();
            return refresh(useCase, e);
        }
    }

    private ServingModel refresh(UseCase useCase, Entry e) {
        ServingModel loaded = e == null ? null : e.model();
        ModelRegistry.ProductionPointer pointer;
        try {
            var p = registry.production(useCase);
            if (p.isEmpty()) {
                if (loaded != null) return keep(useCase, loaded);
                String none = "no " + useCase + " model is in production yet; train one (POST /api/training/events)";
                current.put(useCase, new Entry(null, System.nanoTime(), none));
                throw new NoModelException(none);
            }
            pointer = p.get();
        } catch (RuntimeException s3Down) {
            if (s3Down instanceof NoModelException) throw s3Down;
            if (loaded == null) throw new NoModelException("the model registry cannot be read: " + s3Down.getMessage());
            LOG.warnf(
                    "%s: registry unreachable (%s); still serving v%d",
                    useCase, s3Down.getMessage(), loaded.card.version());
            return keep(useCase, loaded);
        }
        if (loaded != null && loaded.card.version() == pointer.version()) {
            forgetErased(loaded); // erasures made by other processes reach this one within the refresh period
            return keep(useCase, loaded);
        }
        if (loaded != null && Integer.valueOf(pointer.version()).equals(refused.get(useCase)))
            return keep(useCase, loaded);
        try {
            ServingModel fresh = load(useCase, pointer.version());
            metrics.load(useCase, "loaded");
            current.put(useCase, new Entry(fresh, System.nanoTime()));
            refused.remove(useCase);
            if (loaded != null) loaded.release();
            LOG.infof("%s: serving v%d", useCase, pointer.version());
            return fresh;
        } catch (ModelException bad) {
            metrics.load(useCase, "refused");
            if (loaded == null)
                throw new NoModelException(useCase + " v" + pointer.version() + " cannot serve: " + bad.getMessage());
            refused.put(useCase, pointer.version());
            LOG.errorf(
                    "%s v%d refused (%s); still serving v%d",
                    useCase, pointer.version(), bad.getMessage(), loaded.card.version());
            return keep(useCase, loaded);
        }
    }

    private ServingModel keep(UseCase useCase, ServingModel model) {
        current.put(useCase, new Entry(model, System.nanoTime()));
        return model;
    }

    private ServingModel load(UseCase useCase, int version) {
        ModelCard card = registry.card(useCase, version);
        return open(useCase, card, onnxBytes(useCase, card));
    }

    /**
     * A version made ready to serve, with every check serving makes: the graph against its card, the inputs against
     * what scoring feeds the use case, a recommender's all-items graph and id maps. The caller releases it.
     *
     * @throws ModelException saying why the version cannot serve its use case
     */
    ServingModel open(UseCase useCase, ModelCard card, byte[] onnx) {
        useCase.requireServable(card); // before anything is loaded
        OnnxModel session = OnnxModel.load(onnx, card.output(), useCase + " v" + card.version(), 1);
        Recommender recommender = null;
        try {
            session.checkAgainst(card);
            recommender = useCase instanceof UseCase.ItemRanking ? recommender(useCase, card, onnx) : null;
            ServingModel model = new ServingModel(useCase, card, session, recommender);
            model.latency = metrics.latency(useCase, card.version());
            forgetErased(model);
            return model;
        } catch (RuntimeException e) {
            session.close();
            if (recommender != null) recommender.close();
            throw e;
        }
    }

    /**
     * The model file from the local cache when its sha256 matches the card, else from the registry (checked there)
     * and written to the cache: a warm Lambda container, or a restarted server, does not download it again.
     */
    private byte[] onnxBytes(UseCase useCase, ModelCard card) {
        Path cached = cacheDir.resolve(useCase.id()).resolve(card.version() + "-" + card.sha256() + ".onnx");
        try {
            if (Files.exists(cached)) {
                byte[] bytes = Files.readAllBytes(cached);
                if (ModelRegistry.sha256(bytes).equals(card.sha256())) return bytes;
                Files.delete(cached); // damaged on disk: fetch again
            }
        } catch (IOException e) {
            LOG.warnf(
                    "%s v%d: local model cache unreadable (%s); downloading", useCase, card.version(), e.getMessage());
        }
        byte[] bytes = registry.onnx(useCase, card.version(), card); // sha256 checked against the card
        try {
            Files.createDirectories(cached.getParent());
            Path tmp = Files.createTempFile(cached.getParent(), "download-", ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warnf("%s v%d: cannot write the local model cache (%s)", useCase, card.version(), e.getMessage());
        }
        return bytes;
    }

    private Recommender recommender(UseCase useCase, ModelCard card, byte[] onnx) {
        String label = useCase + " v" + card.version();
        byte[] derived = ItemSideGraph.derive(onnx, label);
        OnnxModel allItems = OnnxModel.load(derived, null, label + " (all items)", 1);
        try {
            return new Recommender(
                    allItems, json.readTree(registry.extra(useCase, card.version(), "ids.json")), catalogue.products());
        } catch (java.io.IOException | RuntimeException e) {
            allItems.close();
            throw new ModelException(label + ": cannot read ids.json: " + e.getMessage(), e);
        }
    }

    /**
     * What serves a use case now, in words for the health check: "v3 (logistic-regression)", or why nothing does
     * ("no churn model is in production yet", "churn v4 cannot serve: ...").
     */
    public String serving(UseCase useCase) {
        try {
            ServingModel m = current(useCase);
            return "v" + m.card.version() + " (" + m.card.algorithm() + ")";
        } catch (NoModelException e) {
            return e.getMessage();
        }
    }

    /** A served recommender stops using the learned rows of customers erased since it was loaded or last checked. */
    private void forgetErased(ServingModel model) {
        Recommender r = model.recommender;
        if (r == null || privacy == null) return;
        long version = privacy.erasureVersion();
        if (version == r.erasuresChecked) return;
        r.forget(privacy.erasedAmong(r.users.keySet()));
        r.erasuresChecked = version;
    }

    /** Erasure on this instance reaches the served model at once, inside the deleting request. */
    void onCustomerDeleted(@Observes CustomerDeleted deleted) {
        for (Entry e : current.values()) {
            if (e.model() != null && e.model().recommender != null)
                e.model().recommender.forget(deleted.identities());
        }
    }

    @PreDestroy
    void close() {
        current.values().stream()
                .filter(e -> e.model() != null)
                .forEach(e -> e.model().release());
        current.clear();
    }
}
