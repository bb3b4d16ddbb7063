package dev.ec2service.platform.web;

import dev.ec2service.platform.api.Problem;
import dev.ec2service.platform.api.WebErrors;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Requests refused below JAX-RS answer problem+json like every other refusal. Vert.x Web fails a
 * request it cannot route (no Host header, a path it cannot normalise) with a 4xx that Quarkus' error
 * handler answers as text, and Quarkus refuses a declared body over
 * {@code quarkus.http.limits.max-body-size} with a bare 413; a client deserves the same document it
 * gets for any other bad input. What never reaches the router keeps its bare answer: a request target
 * that is no URI at all (e.g. the broken escape {@code %zz}: Quarkus checks it with {@code java.net.URI}
 * before routing and answers 400) and requests the HTTP codec cannot parse (a request line over 4 KiB,
 * headers over 20 KiB: 414, 431).
 */
@ApplicationScoped
public class UnreadableRequests {

    private final ProblemReplies replies;
    private final Optional<MemorySize> maxBodySize;

    UnreadableRequests(ProblemReplies replies,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.replies = replies;
        this.maxBodySize = maxBodySize;
    }

    void install(@Observes Router router) {
        // right after LocalRequestGuard, before Quarkus' own body limit (order -2) answers without a body
        router.route().order(Integer.MIN_VALUE + 1).handler(this::limitBody);
        // after every feature's own failure handler (the EC2 endpoint answers its failures in EC2's XML), before
        // Quarkus' error page, which is on route().last()
        router.route().order(Integer.MAX_VALUE - 1).failureHandler(this::routingFailure);
    }

    /** A 4xx failure nobody answered (the router's own, e.g. no Host); anything else goes on to Quarkus' handler, which logs it. */
    void routingFailure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status < 400 || status > 499 || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        HttpResponseStatus reason = HttpResponseStatus.valueOf(status);
        String detail = ctx.failure() == null || ctx.failure().getMessage() == null
                ? "the request could not be read"
                : "the request could not be read: " + ctx.failure().getMessage();
        if (status == 400) {
            replies.refuse(ctx, WebErrors.MALFORMED_REQUEST, detail);
        } else {
            replies.send(ctx, Problem.of("http-" + status, reason.reasonPhrase(), status, detail));
        }
    }

    void limitBody(RoutingContext ctx) {
        String declared = ctx.request().getHeader("Content-Length");
        if (declared != null && maxBodySize.isPresent()) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            long max = maxBodySize.get().asLongValue();
            if (length < 0 || length > max) {
                // the body is not read: close the connection rather than drain it, as Quarkus' own limit does
                ctx.response().putHeader("Connection", "close").endHandler(v -> ctx.request().connection().close());
                if (length < 0) {
                    replies.refuse(ctx, WebErrors.MALFORMED_REQUEST, "Content-Length '" + declared + "' is not a length");
                } else {
                    replies.refuse(ctx, WebErrors.BODY_TOO_LARGE,
                            "the body declares " + length + " bytes; at most " + max + " are accepted");
                }
                return;
            }
        }
        ctx.next();
    }
}
