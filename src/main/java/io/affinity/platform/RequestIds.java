package io.affinity.platform;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * One id per request on every log line it writes ({@code requestId} in the MDC: a field of each JSON log line) and in
 * the {@code X-Request-Id} answer header. A caller's own {@code X-Request-Id} is kept when it is a plain token, so a
 * request can be followed from a load balancer or a client into these logs. Quarkus carries the MDC with the
 * request's Vert.x context, onto the worker thread that serves it.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            String given = rc.request().getHeader(HEADER);
            String id = given != null && TOKEN.matcher(given).matches()
                    ? given
                    : UUID.randomUUID().toString();
            MDC.put(MDC_KEY, id);
            rc.response().putHeader(HEADER, id);
            rc.next();
        });
    }
}
