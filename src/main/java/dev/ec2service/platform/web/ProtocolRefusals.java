package dev.ec2service.platform.web;

import dev.ec2service.platform.error.DomainException;
import io.vertx.ext.web.RoutingContext;

/**
 * A protocol served below JAX-RS whose clients read only its own error documents (the EC2 Query protocol: the aws
 * CLI and the SDKs parse EC2's XML and nothing else). The web layer refuses some requests before any feature runs
 * (a foreign Host or Origin, a body too large, an unreadable request); it asks each such protocol first, so those
 * refusals reach the client in the shape it understands, and answers problem+json when none serves the request.
 */
public interface ProtocolRefusals {

    /** Answers {@code refusal} in this protocol's format and returns true, or returns false if the request is not this protocol's. */
    boolean refuse(RoutingContext ctx, DomainException refusal);
}
