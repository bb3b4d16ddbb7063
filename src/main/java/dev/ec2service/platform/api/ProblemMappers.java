package dev.ec2service.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.Kind;
import dev.ec2service.platform.error.RequestErrors;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.CharConversionException;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into a problem+json answer; one mapper per family of exceptions. */
public class ProblemMappers {

    /**
     * Every refusal a service gives on purpose, libvirt's included. A refusal by a system the service relies on is
     * logged: the client sees it, but the operator may need to act.
     */
    @ServerExceptionMapper
    public Response domain(DomainException e) {
        if (e.kind() == Kind.UPSTREAM_FAILED || e.kind() == Kind.FAILED) {
            Log.warnf(e, "%s: %s", e.code().title(), e.getMessage());
        }
        return respond(Problem.of(e.code(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(StreamReadException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        String detail;
        if (e instanceof UnrecognizedPropertyException u) {
            detail = "unknown field '" + u.getPropertyName() + "'";
        } else if (e instanceof InvalidFormatException f && f.getTargetType() == String.class) {
            detail = "field " + path(f) + " " + f.getOriginalMessage();
        } else if (e instanceof InvalidFormatException f) {
            detail = "field " + path(f) + " has a value of the wrong type";
        } else {
            detail = "the request body is not valid JSON: " + e.getOriginalMessage();
        }
        return respond(Problem.of(RequestErrors.MALFORMED_BODY, detail));
    }

    /**
     * A body whose first bytes make Jackson read it as UTF-32 (or UTF-16) but that holds no such text
     * fails while it is decoded, before any JSON is parsed: still a malformed body, not our failure.
     */
    @ServerExceptionMapper
    public Response undecodableBody(CharConversionException e) {
        return respond(Problem.of(RequestErrors.MALFORMED_BODY,
                "the request body is not text in a JSON encoding (UTF-8, UTF-16 or UTF-32): " + e.getMessage()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            // Quarkus wraps Jackson's complaint about the body; the complaint is what the client needs
            return malformedJson(json);
        }
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "HTTP " + status;
        String detail = status == 400 ? "the request could not be read: " + e.getMessage() : e.getMessage();
        return respond(Problem.of("http-" + status, title, status, detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        Log.error("unexpected failure while answering a request", e);
        return respond(Problem.of(WebErrors.INTERNAL_ERROR,
                "the service failed unexpectedly; see logs/app.log in the data home"));
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(InvalidFormatException f) {
        return f.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".", "'", "'"));
    }
}
