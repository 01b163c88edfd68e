package io.affinity.platform;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose body stops arriving (a {@code Content-Length} larger than what was sent, a client that stalls)
 * gets a 408 that says how much arrived, instead of holding its connection until the idle timeout (30 minutes) and
 * then being dropped without an answer. The clock restarts with every byte that arrives, so a slow upload that keeps
 * sending is never cut.
 */
@ApplicationScoped
public class BodyTimeout {

    private final long idleMillis;

    BodyTimeout(@ConfigProperty(name = "affinity.http.body-idle-timeout", defaultValue = "30s") Duration idle) {
        this.idleMillis = Math.max(1, idle.toMillis());
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            HttpServerRequest request = rc.request();
            if (!request.isEnded() && hasBody(request)) {
                watch(rc, request.bytesRead());
            }
            rc.next();
        });
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return (length != null && !length.strip().equals("0")) || request.getHeader("Transfer-Encoding") != null;
    }

    private void watch(RoutingContext rc, long seen) {
        rc.vertx().setTimer(idleMillis, t -> {
            HttpServerRequest request = rc.request();
            if (request.isEnded() || rc.response().ended() || rc.response().closed()) {
                return;
            }
            long read = request.bytesRead();
            if (read > seen) {
                watch(rc, read);
                return;
            }
            String length = request.getHeader("Content-Length");
            String detail = "the request body stopped arriving: " + read
                    + (length == null ? " bytes" : " of the " + length.strip() + " bytes its Content-Length announces")
                    + " came, then nothing for " + idleMillis / 1000.0 + " s";
            rc.response()
                    .setStatusCode(408)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close")
                    .end(new JsonObject()
                            .put("error", "request_timeout")
                            .put("detail", detail)
                            .encode())
                    .onComplete(done -> request.connection().close());
        });
    }
}
