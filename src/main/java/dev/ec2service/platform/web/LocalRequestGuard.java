package dev.ec2service.platform.web;

import dev.ec2service.platform.api.WebErrors;
import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.platform.error.ErrorCode;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.List;

/**
 * A local service that can start VMs must not be driven by web pages the user happens to visit.
 * Before any route (REST, UI, WebSocket upgrade) the request is judged by {@link LocalRequestRules}:
 * the Host header must name this machine (defeats DNS rebinding), and a state-changing request (any
 * method but GET, HEAD and OPTIONS, a GET a feature declares with {@link StateChangingRequests}) or an
 * upgrade must come from the service's own origin (defeats cross-site request forgery and WebSocket
 * hijacking). A refusal is a 403 (a problem, or EC2's {@code UnauthorizedOperation} on the EC2 endpoint: see
 * {@link ProtocolRefusals}) and nothing behind the guard runs.
 */
@ApplicationScoped
public class LocalRequestGuard {

    private final LocalRequestRules rules;
    private final ProblemReplies replies;
    private final List<StateChangingRequests> unsafeGets;

    LocalRequestGuard(Ec2Config config, ProblemReplies replies, Instance<StateChangingRequests> unsafeGets) {
        this.rules = new LocalRequestRules(config.http().allowedHosts().orElse(List.of()),
                config.http().allowedOrigins().orElse(List.of()));
        this.replies = replies;
        this.unsafeGets = unsafeGets.stream().toList();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String host = host(request);
        String origin = request.getHeader("Origin");
        // any upgrade counts, not only a well-formed "websocket": what the server would accept is not ours to guess
        boolean changesState = request.getHeader("Upgrade") != null
                || unsafeGets.stream().anyMatch(u -> u.changesState(request));
        switch (rules.judge(request.method().name(), host, origin, changesState,
                request.getHeader("Sec-Fetch-Site"))) {
            case ALLOW -> ctx.next();
            case FOREIGN_HOST -> refuse(ctx, WebErrors.HOST_NOT_ALLOWED,
                    "this service answers only requests addressed to localhost, 127.0.0.1 or [::1]; Host was '"
                            + host + "'");
            case FOREIGN_ORIGIN -> refuse(ctx, WebErrors.CROSS_ORIGIN,
                    "requests from " + origin + " may not change anything here; use the console served by this "
                            + "service");
            case CROSS_SITE -> refuse(ctx, WebErrors.CROSS_SITE,
                    "a request sent by another site may not change anything here; use the console served by this "
                            + "service");
        }
    }

    /**
     * The host the request is addressed to: the Host header, or under HTTP/2 (which a client such as Java's
     * HttpClient upgrades to by itself) the {@code :authority} pseudo-header that replaces it.
     */
    private static String host(HttpServerRequest request) {
        String host = request.getHeader("Host");
        if (host == null && request.authority() != null) {
            host = request.authority().toString();
        }
        return host;
    }

    private void refuse(RoutingContext ctx, ErrorCode code, String detail) {
        Log.debugf("refused %s %s: %s", ctx.request().method(), ctx.request().uri(), detail);
        replies.refuse(ctx, code, detail);
    }
}
