package dev.ec2service.ec2api.api;

import dev.ec2service.ec2api.auth.SigV4;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import dev.ec2service.ec2api.xml.Ec2Xml;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * The EC2 Query protocol at {@code /}: a form POST, or a GET whose query has {@code Action}. Everything else at
 * {@code /} (the web console's page) passes on untouched. Runs after LocalRequestGuard, so a cross-site form POST
 * is refused before it gets here; the action runs on a worker thread, never on the event loop.
 */
@ApplicationScoped
public class Ec2Endpoint {

    /** Far more than any EC2 call needs (16 KiB of user data is ≈22 KiB once encoded). */
    static final int MAX_BODY = 1024 * 1024;

    private final Ec2Dispatcher dispatcher;

    Ec2Endpoint(Ec2Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    void install(@Observes Router router) {
        // after LocalRequestGuard (MIN_VALUE) and ConsoleRouting (MIN_VALUE + 1), before REST and the console
        // Vert.x's body handler, since Quarkus may have paused the request before it reaches a route
        BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
        router.route("/").order(Integer.MIN_VALUE + 2)
                .handler(ctx -> {
                    if (isEc2(ctx)) {
                        body.handle(ctx);
                    } else {
                        ctx.next();
                    }
                })
                .handler(this::route)
                .failureHandler(this::failed);
    }

    /** The body handler's refusals (413, a form it cannot decode) in EC2's terms, never Vert.x's plain text. */
    void failed(RoutingContext ctx) {
        if (ctx.response().ended() || !isEc2(ctx)) {
            ctx.next();
            return;
        }
        int status = ctx.statusCode();
        String requestId = java.util.UUID.randomUUID().toString();
        Ec2Dispatcher.Answer answer = status == 413
                ? new Ec2Dispatcher.Answer(413, Ec2Xml.error(Ec2Errors.BODY_TOO_LARGE, "The request body is larger "
                        + "than " + MAX_BODY + " bytes.", requestId), requestId)
                // the body handler fails with a 4xx or with the form decoder's exception (status -1); the
                // route's own handler never fails, its action's errors are answered by the dispatcher
                : new Ec2Dispatcher.Answer(400, Ec2Xml.error("MalformedQueryString", "The form body could not be "
                        + "read: it is not validly encoded or exceeds the form limits.", requestId), requestId);
        if (status != 413 && status < 400) {
            io.quarkus.logging.Log.debugf(ctx.failure(), "EC2 request body refused");
        }
        reply(ctx, answer);
    }

    static boolean isEc2Request(HttpMethod method, String contentType, String rawQuery) {
        boolean hasAction = rawQuery != null && (rawQuery.startsWith("Action=") || rawQuery.contains("&Action="));
        if (HttpMethod.POST.equals(method)) {
            return hasAction || contentType != null
                    && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded");
        }
        return HttpMethod.GET.equals(method) && hasAction;
    }

    static boolean isEc2(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        return isEc2Request(request.method(), request.getHeader("Content-Type"), request.query());
    }

    void route(RoutingContext ctx) {
        if (!isEc2(ctx)) {
            ctx.next();
            return;
        }
        HttpServerRequest request = ctx.request();
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        SigV4.SignedRequest signed = new SigV4.SignedRequest(request.method().name(), request.path(),
                request.query(), name -> {
                    List<String> values = request.headers().getAll(name);
                    return values == null ? List.of() : values;
                }, body);
        ctx.vertx().executeBlocking(() -> dispatcher.handle(signed), false)
                .onComplete(answer -> reply(ctx, answer.succeeded() ? answer.result()
                        : new Ec2Dispatcher.Answer(503, Ec2Xml.error("InternalError",
                                "An internal error has occurred.", "none"), "none")));
    }

    static void reply(RoutingContext ctx, Ec2Dispatcher.Answer answer) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(answer.status())
                .putHeader("Content-Type", "text/xml;charset=UTF-8")
                .putHeader("x-amzn-RequestId", answer.requestId())
                .end(answer.xml());
    }
}
