package io.affinity.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.affinity.access.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The model registry over HTTP: versions, cards, history, promotion and rollback. */
@RolesAllowed(Roles.MANAGE)
@Path("/api/models/{useCase}")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    /** A row of the version list. */
    public record VersionSummary(
            int version,
            String algorithm,
            String status,
            String primaryMetric,
            double primaryValue,
            String sha256,
            long sizeBytes,
            Instant createdAt,
            Instant promotedAt) {}

    /** The body of an import: the ONNX file in base64 and its card. */
    public record Import(String onnx, ModelCard card) {}

    /** The body of promote and rollback. */
    public record Decision(String reason) {}

    private final ModelRegistry registry;
    private final ObjectMapper json;

    ModelResource(ModelRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @GET
    public List<VersionSummary> versions(@PathParam("useCase") String useCase) {
        return registry.list(UseCase.of(useCase)).stream()
                .map(v -> new VersionSummary(
                        v.id.version(),
                        v.algorithm,
                        v.status,
                        v.primaryMetric,
                        v.primaryValue,
                        v.sha256,
                        v.sizeBytes,
                        v.createdAt,
                        v.promotedAt))
                .toList();
    }

    @GET
    @Path("/production")
    public ModelRegistry.ProductionPointer production(@PathParam("useCase") String useCase) {
        return registry.production(UseCase.of(useCase))
                .orElseThrow(() -> new UnknownModelException("no " + useCase + " model in production yet"));
    }

    @GET
    @Path("/history")
    public List<ModelEvent> history(@PathParam("useCase") String useCase) {
        return registry.history(UseCase.of(useCase));
    }

    @GET
    @Path("/{version}")
    public JsonNode card(@PathParam("useCase") String useCase, @PathParam("version") int version) {
        return json.valueToTree(registry.card(UseCase.of(useCase), version));
    }

    /** Registers a model trained elsewhere; see {@link ModelRegistry#importModel}. */
    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelRegistry.Registration importModel(@PathParam("useCase") String useCase, Import body) {
        if (body == null || body.onnx() == null)
            throw new ModelException("a JSON body with onnx (base64) and card is required");
        byte[] onnx;
        try {
            onnx = java.util.Base64.getDecoder().decode(body.onnx());
        } catch (IllegalArgumentException e) {
            throw new ModelException("onnx is not base64: " + e.getMessage());
        }
        return registry.importModel(UseCase.of(useCase), onnx, body.card());
    }

    @POST
    @Path("/{version}/promote")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelRegistry.ProductionPointer promote(
            @PathParam("useCase") String useCase, @PathParam("version") int version, Decision body) {
        return registry.promote(UseCase.of(useCase), version, reason(body, "promoted on request"));
    }

    @POST
    @Path("/{version}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public ModelRegistry.ProductionPointer rollback(
            @PathParam("useCase") String useCase, @PathParam("version") int version, Decision body) {
        return registry.rollback(UseCase.of(useCase), version, reason(body, "rolled back on request"));
    }

    private static String reason(Decision body, String fallback) {
        return body == null || body.reason() == null || body.reason().isBlank() ? fallback : body.reason();
    }
}
