package dev.ec2service.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2service.platform.api.Problem;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Answers a problem from a Vert.x route (below JAX-RS), in the same shape as the REST mapper's answers. */
@ApplicationScoped
public class ProblemReplies {

    private final ObjectMapper json;

    ProblemReplies(ObjectMapper json) {
        this.json = json;
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
