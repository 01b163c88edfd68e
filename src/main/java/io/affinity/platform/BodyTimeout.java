package io.affinity.platform;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose body stops arriving (a {@code Content-Length} larger than what was sent, a client that stalls)
 * gets a 408 that says how much arrived, instead of holding its connection until the idle timeout (30 minutes) and
 * then being dropped without an answer. The clock restarts with every byte that arrives, so a slow upload that keeps
 * sending is never cut.
 *
 * <p>One sweep a second looks at the requests still receiving a body; a request leaves the set when its answer is
 * sent. (A timer per request would hold every request, body included, for the whole timeout: at ingestion rates that
 * is gigabytes of garbage kept alive.)
 */
@ApplicationScoped
public class BodyTimeout {

    private final long idleNanos;
    private final Map<RoutingContext, Watch> receiving = new ConcurrentHashMap<>();

    /** A request receiving its body: how much had arrived when last seen moving, and on which event loop it lives. */
    private static final class Watch {
        final Context context;
        long bytes;
        long movedAt;

        Watch(Context context, long bytes) {
            this.context = context;
            this.bytes = bytes;
            this.movedAt = System.nanoTime();
        }
    }

    BodyTimeout(@ConfigProperty(name = "affinity.http.body-idle-timeout", defaultValue = "30s") Duration idle) {
        this.idleNanos = Math.max(1, idle.toNanos());
    }

    void install(@Observes Router router, Vertx vertx) {
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            HttpServerRequest request = rc.request();
            if (!request.isEnded() && hasBody(request)) {
                receiving.put(rc, new Watch(Vertx.currentContext(), request.bytesRead()));
                rc.addEndHandler(done -> receiving.remove(rc));
            }
            rc.next();
        });
        vertx.setPeriodic(1000, t -> sweep());
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        return (length != null && !length.strip().equals("0")) || request.getHeader("Transfer-Encoding") != null;
    }

    private void sweep() {
        long now = System.nanoTime();
        receiving.forEach((rc, watch) -> {
            HttpServerRequest request = rc.request();
            if (request.isEnded()) {
                receiving.remove(rc); // its body is in; the answer may take as long as the work does
                return;
            }
            long read = request.bytesRead();
            if (read != watch.bytes) {
                watch.bytes = read;
                watch.movedAt = now;
            } else if (now - watch.movedAt > idleNanos) {
                receiving.remove(rc);
                watch.context.runOnContext(v -> refuse(rc, read));
            }
        });
    }

    private void refuse(RoutingContext rc, long read) {
        if (rc.response().ended() || rc.response().closed()) return;
        String length = rc.request().getHeader("Content-Length");
        String detail = "the request body stopped arriving: " + read
                + (length == null ? " bytes" : " of the " + length.strip() + " bytes its Content-Length announces")
                + " came, then nothing for " + idleNanos / 1e9 + " s";
        rc.response()
                .setStatusCode(408)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(new JsonObject()
                        .put("error", "request_timeout")
                        .put("detail", detail)
                        .encode())
                .onComplete(done -> rc.request().connection().close());
    }
}
