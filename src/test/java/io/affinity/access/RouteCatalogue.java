package io.affinity.access;

import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jboss.resteasy.reactive.server.handlers.ClassRoutingHandler;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

/**
 * The running application's own routes, for the access test: every JAX-RS resource method as the REST layer
 * deployed it, and every path the HTTP router serves outside JAX-RS (health, metrics, OpenAPI, static files).
 */
@ApplicationScoped
public class RouteCatalogue {

    /** A JAX-RS endpoint: its HTTP method, full path template, and the Java method behind it. */
    public record Endpoint(
            String httpMethod, String path, Class<?> resourceClass, String javaMethod, String consumes) {}

    private volatile Router router;

    void onRouter(@Observes Router router) {
        this.router = router;
    }

    public List<Endpoint> endpoints() {
        List<Endpoint> found = new ArrayList<>();
        var deployment = ResteasyReactiveRecorder.getCurrentDeployment();
        for (var classMapping : deployment.getClassMappers()) {
            for (ServerRestHandler handler : classMapping.value.handlers) {
                if (!(handler instanceof ClassRoutingHandler routing)) continue;
                routing.getMappers().forEach((method, mapper) -> {
                    for (var path : mapper.getTemplates()) {
                        RuntimeResource r = path.value;
                        found.add(new Endpoint(
                                r.getHttpMethod() == null ? method : r.getHttpMethod(),
                                join(classMapping.template.template, r.getPath().template),
                                r.getResourceClass(),
                                r.getJavaMethodName(),
                                r.getConsumes().isEmpty()
                                        ? null
                                        : r.getConsumes().get(0).toString()));
                    }
                });
            }
        }
        return found;
    }

    /** Paths the router serves itself (not the JAX-RS catch-all, which has no path). */
    public List<String> routerPaths() {
        List<String> paths = new ArrayList<>();
        collect(Objects.requireNonNull(router, "the router was not observed"), "", paths);
        return paths.stream().distinct().toList();
    }

    /** Mounted sub-routers (Quarkus serves /q/ from one) are walked with their mount point as prefix. */
    private static void collect(Router router, String prefix, List<String> paths) {
        for (Route route : router.getRoutes()) {
            if (route.getPath() == null) continue;
            String path = (prefix + route.getPath()).replaceAll("/+", "/");
            if (route.getSubRouter() != null) {
                collect(route.getSubRouter(), path.endsWith("/") ? path.substring(0, path.length() - 1) : path, paths);
            } else {
                paths.add(path);
            }
        }
    }

    private static String join(String classPath, String methodPath) {
        String joined = (classPath + "/" + methodPath).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
