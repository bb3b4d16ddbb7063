package dev.ec2service.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2service.platform.api.Problem;
import dev.ec2service.platform.error.ErrorCode;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;

/**
 * Answers a refusal from a Vert.x route (below JAX-RS): in the format of the protocol the request speaks when a
 * {@link ProtocolRefusals} claims it, else as a problem in the same shape as the REST mapper's answers.
 */
@ApplicationScoped
public class ProblemReplies {

    private final ObjectMapper json;
    private final List<ProtocolRefusals> protocols;

    ProblemReplies(ObjectMapper json, Instance<ProtocolRefusals> protocols) {
        this.json = json;
        this.protocols = protocols.stream().toList();
    }

    /** A refusal of the web layer, answered in the request's own protocol when it has one. */
    void refuse(RoutingContext ctx, ErrorCode code, String detail) {
        var refusal = code.exception(detail);
        for (ProtocolRefusals protocol : protocols) {
            if (protocol.refuse(ctx, refusal)) {
                return;
            }
        }
        send(ctx, Problem.of(code, detail));
    }

    void send(RoutingContext ctx, Problem problem) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body);
    }
}
