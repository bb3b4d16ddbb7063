package dev.ec2service.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2service.platform.api.Problem;
import dev.ec2service.platform.config.Ec2Config;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A local service that can start VMs must not be driven by web pages the user happens to visit.
 * Before any route (REST, UI, WebSocket upgrade): the Host header must name this machine (defeats
 * DNS rebinding), and a state-changing request or WebSocket upgrade that carries an Origin must
 * come from the service's own origin (defeats cross-site request forgery and WebSocket hijacking).
 */
@ApplicationScoped
public class LocalRequestGuard {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final List<String> extraHosts;
    private final List<String> extraOrigins;
    private final ObjectMapper json;

    LocalRequestGuard(Ec2Config config, ObjectMapper json) {
        this.extraHosts = config.http().allowedHosts().orElse(List.of()).stream()
                .map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.extraOrigins = config.http().allowedOrigins().orElse(List.of()).stream()
                .map(LocalRequestGuard::normaliseOrigin).toList();
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    void check(RoutingContext ctx) {
        String host = ctx.request().getHeader("Host");
        if (!hostAllowed(host)) {
            refuse(ctx, "host-not-allowed", "Host not allowed",
                    "this service answers only requests addressed to localhost; Host was '" + host + "'");
            return;
        }
        String origin = ctx.request().getHeader("Origin");
        boolean upgrade = "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"));
        if (origin != null && (upgrade || !SAFE.contains(ctx.request().method())) && !originAllowed(origin, host)) {
            refuse(ctx, "origin-not-allowed", "Cross-origin request refused",
                    "requests from " + origin + " may not change anything here; use the console served by this service");
            return;
        }
        ctx.next();
    }

    boolean hostAllowed(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String name = hostName(host);
        return isLoopback(name) || name.endsWith(".localhost") || extraHosts.contains(name);
    }

    boolean originAllowed(String origin, String host) {
        String normalised = normaliseOrigin(origin);
        if (extraOrigins.contains(normalised)) {
            return true;
        }
        try {
            URI uri = URI.create(normalised);
            String authority = uri.getRawAuthority();
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || authority == null || host == null) {
                return false;
            }
            if (authority.equalsIgnoreCase(host)) {
                return true;
            }
            // localhost and 127.0.0.1 name the same service: a loopback origin on the same port is our own page
            return isLoopback(hostName(authority)) && isLoopback(hostName(host)) && port(authority).equals(port(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isLoopback(String name) {
        return LOOPBACK.contains(name) || name.startsWith("127.");
    }

    private static String port(String authority) {
        int bracket = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        return colon > bracket ? authority.substring(colon + 1) : "";
    }

    private static String hostName(String host) {
        String h = host.toLowerCase(Locale.ROOT).trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(0, end + 1) : h;
        }
        int colon = h.indexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }

    private static String normaliseOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    private void refuse(RoutingContext ctx, String slug, String title, String detail) {
        try {
            ctx.response().setStatusCode(403)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(Problem.of(slug, title, 403, detail)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.response().setStatusCode(403).end(detail);
        }
    }
}
