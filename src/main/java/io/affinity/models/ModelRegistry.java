package io.affinity.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.affinity.platform.S3Config;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The model registry: {@code models/<use-case>/<version>/{model.onnx,card.json}} and
 * {@code models/<use-case>/production.json} in S3 (what scoring reads), indexed in PostgreSQL (what people list).
 * Objects are written before the index row commits, so an index row never points at missing objects.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    /** What {@code production.json} holds. */
    public record ProductionPointer(String useCase, int version, String sha256, Instant promotedAt, String reason) {}

    /** A registered model and what the registry decided about it. */
    public record Registration(ModelCard card, String status, String reason) {}

    private final S3Client s3;
    private final String bucket;
    private final ModelVersionRepository versions;
    private final ModelsConfig config;
    private final ObjectMapper json;
    private final Instance<ServingCheck> servingChecks;

    ModelRegistry(
            S3Client s3,
            S3Config s3Config,
            ModelVersionRepository versions,
            ModelsConfig config,
            ObjectMapper json,
            @Any Instance<ServingCheck> servingChecks) {
        this.s3 = s3;
        this.bucket = s3Config.bucket();
        this.versions = versions;
        this.config = config;
        this.json = json;
        this.servingChecks = servingChecks;
    }

    public static String prefix(UseCase useCase, int version) {
        return "models/" + useCase.id() + "/" + version + "/";
    }

    public static String productionKey(UseCase useCase) {
        return "models/" + useCase.id() + "/production.json";
    }

    /**
     * Registers a model as a candidate, then promotes it if it beats production on the same holdout.
     *
     * @param productionOnSameHoldout production's primary metric recomputed on this candidate's holdout, when the
     *     trainer could score it; otherwise production's own figure counts only if its holdout is the same
     */
    @Transactional
    public Registration register(byte[] onnx, ModelCard draft, OptionalDouble productionOnSameHoldout) {
        return register(onnx, draft, productionOnSameHoldout, Map.of());
    }

    /**
     * As {@link #register(byte[], ModelCard, OptionalDouble)}, with files the model needs at serving stored next to
     * it (a recommender's id maps, {@code ids.json}).
     */
    @Transactional
    public Registration register(
            byte[] onnx, ModelCard draft, OptionalDouble productionOnSameHoldout, Map<String, byte[]> extras) {
        UseCase useCase = UseCase.of(draft.useCase());
        int version = versions.nextVersion(useCase);
        ModelCard card = draft.withRegistration(version, sha256(onnx), onnx.length, Instant.now());
        String cardJson = write(card);
        extras.forEach((name, bytes) ->
                s3.putObject(b -> b.bucket(bucket).key(prefix(useCase, version) + name), RequestBody.fromBytes(bytes)));
        s3.putObject(b -> b.bucket(bucket).key(prefix(useCase, version) + "model.onnx"), RequestBody.fromBytes(onnx));
        s3.putObject(
                b -> b.bucket(bucket)
                        .key(prefix(useCase, version) + "card.json")
                        .contentType("application/json"),
                RequestBody.fromString(cardJson));

        ModelVersion row = new ModelVersion();
        row.id = new ModelVersion.Key(useCase.id(), version);
        row.algorithm = card.algorithm();
        row.status = "candidate";
        row.sha256 = card.sha256();
        row.sizeBytes = onnx.length;
        row.primaryMetric = card.primaryMetric();
        row.primaryValue = card.primaryValue();
        row.holdoutId = card.holdoutId();
        row.card = cardJson;
        row.createdAt = card.createdAt();
        versions.persist(row);
        event(
                useCase,
                version,
                "registered",
                card.algorithm() + ", " + card.primaryMetric() + " " + fmt(card.primaryValue()));

        Optional<ModelVersion> production = versions.production(useCase);
        String reason;
        boolean promote;
        if (production.isEmpty()) {
            promote = true;
            reason = "first " + useCase + " model";
        } else if (!config.autoPromote()) {
            promote = false;
            reason = "auto-promotion is off; promote explicitly";
        } else {
            ModelVersion current = production.get();
            OptionalDouble baseline = productionOnSameHoldout.isPresent()
                    ? productionOnSameHoldout
                    : current.holdoutId.equals(card.holdoutId()) && current.primaryMetric.equals(card.primaryMetric())
                            ? OptionalDouble.of(current.primaryValue)
                            : OptionalDouble.empty();
            if (baseline.isEmpty()) {
                promote = false;
                reason = "production v" + current.id.version() + " was measured on another holdout; promote explicitly";
            } else {
                promote = card.primaryValue() > baseline.getAsDouble() + config.promotionMargin();
                reason = String.format(
                        "%s %s vs production v%d %s on the same holdout (margin %s)",
                        card.primaryMetric(),
                        fmt(card.primaryValue()),
                        current.id.version(),
                        fmt(baseline.getAsDouble()),
                        fmt(config.promotionMargin()));
            }
        }
        if (promote) {
            try {
                checkServes(useCase, card, onnx);
            } catch (ModelException cannotServe) {
                promote = false;
                reason = "not promoted: " + cannotServe.getMessage();
            }
        }
        if (promote) {
            switchProduction(useCase, row, "promoted", reason);
            return new Registration(card, "production", reason);
        }
        event(useCase, version, "kept-candidate", reason);
        return new Registration(card, "candidate", reason);
    }

    /**
     * Registers a model trained elsewhere (PyTorch, TensorFlow, scikit-learn exported to ONNX) with a card that
     * names its inputs and its score output. It must load in ONNX Runtime, match its card, and score a vector of the
     * card's pipeline; it then registers like our own (promoted only if it is the first, since it brings no figure
     * on our holdout).
     */
    @Transactional
    public Registration importModel(UseCase useCase, byte[] onnx, ModelCard card) {
        if (card == null
                || card.algorithm() == null
                || card.inputs() == null
                || card.inputs().isEmpty()
                || card.output() == null)
            throw new ModelException("an imported model needs a card with algorithm, inputs (by name) and output");
        ModelCard draft = new ModelCard(
                useCase.id(),
                0,
                card.algorithm(),
                null,
                null,
                0,
                card.inputs(),
                card.preprocessing(),
                card.output(),
                card.outputMeaning(),
                card.data(),
                card.hyperparameters(),
                card.primaryMetric() == null ? "none" : card.primaryMetric(),
                card.primaryValue(),
                "imported",
                card.metrics(),
                card.notes());
        try (OnnxModel model = OnnxModel.load(onnx, card.output(), useCase + " import", 1)) {
            model.checkAgainst(draft);
            if (card.preprocessing() != null) {
                float score = model.score(new float[1][card.preprocessing().width()])[0];
                if (!Float.isFinite(score))
                    throw new ModelException(useCase + " import: scores a plain vector as " + score);
            }
        }
        return register(onnx, draft, OptionalDouble.empty());
    }

    /**
     * Makes {@code version} the production model of its use case, whatever its metrics (explicit request), once it
     * passes the checks serving makes.
     *
     * @throws ModelConflictException when it is in production already (nothing is changed or recorded)
     * @throws ModelException when it cannot serve its use case, saying why
     */
    @Transactional
    public ProductionPointer promote(UseCase useCase, int version, String reason) {
        ModelVersion target = require(useCase, version);
        if ("production".equals(target.status))
            throw new ModelConflictException(useCase + " v" + version + " is already in production; nothing changed");
        checkServes(useCase, storedCard(target), null);
        return switchProduction(useCase, target, "promoted", reason);
    }

    /**
     * Puts back an earlier version that was in production before the current one: an undo, not a way to choose any
     * version (that is {@link #promote}).
     *
     * @throws ModelConflictException for the production version itself, a later version, or one never in production
     */
    @Transactional
    public ProductionPointer rollback(UseCase useCase, int version, String reason) {
        ModelVersion target = require(useCase, version);
        ModelVersion current = versions.production(useCase)
                .orElseThrow(() -> new ModelConflictException(
                        "no " + useCase + " model is in production: there is nothing to roll back"));
        int now = current.id.version();
        if (version == now)
            throw new ModelConflictException(useCase + " v" + version + " is the production version; nothing changed");
        if (version > now)
            throw new ModelConflictException(useCase + " v" + version + " is later than production v" + now
                    + ": a rollback returns to an earlier production version; promote v" + version + " instead");
        if (target.promotedAt == null)
            throw new ModelConflictException(useCase + " v" + version + " was never in production, so there is"
                    + " nothing to roll back to; promote it if that is what you mean");
        checkServes(useCase, storedCard(target), null);
        return switchProduction(useCase, target, "rolled-back", reason);
    }

    /** Runs serving's checks (scoring's); the ONNX bytes are read from S3 when not at hand. */
    private void checkServes(UseCase useCase, ModelCard card, byte[] onnx) {
        byte[] bytes = onnx;
        for (ServingCheck check : servingChecks) {
            if (bytes == null) bytes = onnx(useCase, card.version(), card);
            check.check(useCase, card, bytes);
        }
    }

    private ModelCard storedCard(ModelVersion row) {
        try {
            return stored(ModelCard.class).readValue(row.card);
        } catch (java.io.IOException e) {
            throw new ModelException(
                    row.id.useCase() + " v" + row.id.version() + ": unreadable card: " + e.getMessage());
        }
    }

    private ProductionPointer switchProduction(UseCase useCase, ModelVersion target, String action, String reason) {
        versions.production(useCase).filter(p -> !p.id.equals(target.id)).ifPresent(p -> {
            p.status = "retired";
            versions.flush();
        });
        target.status = "production";
        target.promotedAt = Instant.now();
        ProductionPointer pointer =
                new ProductionPointer(useCase.id(), target.id.version(), target.sha256, target.promotedAt, reason);
        // The pointer is the switch scoring watches; written last, after the index agrees.
        versions.flush();
        s3.putObject(
                b -> b.bucket(bucket).key(productionKey(useCase)).contentType("application/json"),
                RequestBody.fromString(write(pointer)));
        event(useCase, target.id.version(), action, reason);
        LOG.infof("%s v%d is now in production (%s: %s)", useCase, target.id.version(), action, reason);
        return pointer;
    }

    private ModelVersion require(UseCase useCase, int version) {
        return versions.findByIdOptional(new ModelVersion.Key(useCase.id(), version))
                .orElseThrow(() -> new UnknownModelException("no " + useCase + " model version " + version));
    }

    /**
     * A reader of what an earlier or later version of the application wrote to S3: fields it does not know are
     * skipped (request bodies, by contrast, are refused for them).
     */
    private ObjectReader stored(Class<?> type) {
        return json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The production pointer as scoring sees it (read from S3). */
    public Optional<ProductionPointer> production(UseCase useCase) {
        try {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(productionKey(useCase)))
                    .asByteArray();
            return Optional.of(stored(ProductionPointer.class).readValue(bytes));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new ModelException(productionKey(useCase) + " is not a production pointer: " + e.getMessage(), e);
        }
    }

    public ModelCard card(UseCase useCase, int version) {
        try {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix(useCase, version) + "card.json"))
                    .asByteArray();
            return stored(ModelCard.class).readValue(bytes);
        } catch (NoSuchKeyException e) {
            throw new UnknownModelException("no card for " + useCase + " v" + version);
        } catch (java.io.IOException e) {
            throw new ModelException(useCase + " v" + version + ": unreadable card: " + e.getMessage(), e);
        }
    }

    /** The ONNX bytes of a version, checked against the sha256 of its card. */
    public byte[] onnx(UseCase useCase, int version, ModelCard card) {
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix(useCase, version) + "model.onnx"))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            throw new UnknownModelException("no model.onnx for " + useCase + " v" + version);
        }
        String actual = sha256(bytes);
        if (!actual.equals(card.sha256()))
            throw new ModelException(useCase + " v" + version + ": model.onnx has sha256 " + actual + ", its card says "
                    + card.sha256());
        return bytes;
    }

    /** A file stored next to a model at registration. */
    public byte[] extra(UseCase useCase, int version, String name) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix(useCase, version) + name))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            throw new UnknownModelException("no " + name + " for " + useCase + " v" + version);
        }
    }

    public List<ModelVersion> list(UseCase useCase) {
        return versions.byUseCase(useCase);
    }

    public List<ModelEvent> history(UseCase useCase) {
        return versions.history(useCase, 100);
    }

    private void event(UseCase useCase, int version, String action, String reason) {
        ModelEvent e = new ModelEvent();
        e.useCase = useCase.id();
        e.version = version;
        e.action = action;
        e.reason = reason;
        e.at = Instant.now();
        versions.getEntityManager().persist(e);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ModelException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }
}
