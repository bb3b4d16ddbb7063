package dev.ec2service.ec2api.api;

import dev.ec2service.ec2api.xml.Ec2Xml;
import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.web.ProtocolRefusals;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The web layer's refusals of an EC2 Query request (a foreign Host or Origin, a body over the service's limit)
 * as EC2 error documents: the aws CLI and the SDKs parse nothing else, and a problem+json body would surface as an
 * unreadable "Unknown" error instead of {@code UnauthorizedOperation} with its reason.
 */
@ApplicationScoped
class Ec2Refusals implements ProtocolRefusals {

    @Override
    public boolean refuse(RoutingContext ctx, DomainException refusal) {
        if (!"/".equals(ctx.request().path()) || !Ec2Endpoint.isEc2(ctx)) {
            return false;
        }
        Ec2Errors.Ec2Error error = Ec2Errors.of(refusal);
        String requestId = UUID.randomUUID().toString();
        Ec2Endpoint.reply(ctx, new Ec2Dispatcher.Answer(error.status(),
                Ec2Xml.error(error.code(), error.message(), requestId), requestId));
        return true;
    }
}
