package dev.ec2service.platform.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Deep links into the web console (REQ-USE-001), such as /instances/i-0123abcd, are routes of the single-page app:
 * a browser asking for one gets index.html, which the app routes itself. Quinoa's SPA fallback cannot do it here,
 * because REST is mounted at / and answers every unmatched path with a 404 problem before that fallback runs; so
 * page requests (GET or HEAD that accept HTML, outside the API's prefixes, not a file) are rerouted to / first.
 * API clients and unknown /api paths keep their 404 problem.
 */
@ApplicationScoped
public class ConsoleRouting {

    /** Same list as quarkus.quinoa.ignored-path-prefixes. */
    static final List<String> NOT_CONSOLE = List.of("/api", "/docs", "/openapi", "/q");

    void install(@Observes Router router) {
        // After LocalRequestGuard (Integer.MIN_VALUE), which checks the rerouted request again anyway
        router.route().order(Integer.MIN_VALUE + 1).handler(this::route);
    }

    void route(RoutingContext ctx) {
        if (isConsolePage(ctx.request().method(), ctx.normalizedPath(), ctx.request().getHeader("Accept"))) {
            ctx.reroute("/");
        } else {
            ctx.next();
        }
    }

    static boolean isConsolePage(HttpMethod method, String path, String accept) {
        if (!(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) || path == null || "/".equals(path)) {
            return false;
        }
        if (accept == null || !accept.contains("text/html")) {
            return false;
        }
        for (String prefix : NOT_CONSOLE) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return false;
            }
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }
}
