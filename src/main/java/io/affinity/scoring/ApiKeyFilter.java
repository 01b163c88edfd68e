package io.affinity.scoring;

import io.affinity.platform.ApiError;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Checks the {@code X-API-Key} header of the scoring endpoints against {@code affinity.scoring.api-keys}, in
 * constant time. Without configured keys (a local run) the endpoints are open, and the log says so once. Keys are
 * never logged.
 */
@Provider
@ApiKeyRequired
public class ApiKeyFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);
    static final String HEADER = "X-API-Key";

    // Providers are built before configuration mappings exist, so the keys are read on the first request.
    private final Instance<ScoringConfig> config;
    private volatile List<byte[]> keys;

    ApiKeyFilter(Instance<ScoringConfig> config) {
        this.config = config;
    }

    private List<byte[]> keys() {
        List<byte[]> k = keys;
        if (k == null) {
            k = config.get().apiKeys().orElse(List.of()).stream()
                    .filter(s -> !s.isBlank())
                    .map(s -> s.getBytes(StandardCharsets.UTF_8))
                    .toList();
            if (k.isEmpty())
                LOG.warn("Scoring endpoints are open: set affinity.scoring.api-keys to require an X-API-Key");
            keys = k;
        }
        return k;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        List<byte[]> accepted = keys();
        if (accepted.isEmpty()) return;
        String given = request.getHeaderString(HEADER);
        if (given != null) {
            byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
            for (byte[] key : accepted) {
                if (MessageDigest.isEqual(key, bytes)) return;
            }
        }
        request.abortWith(Response.status(401)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(
                        "unauthorized", given == null ? "the " + HEADER + " header is required" : "unknown API key"))
                .build());
    }
}
