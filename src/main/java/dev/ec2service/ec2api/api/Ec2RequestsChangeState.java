package dev.ec2service.ec2api.api;

import dev.ec2service.platform.web.StateChangingRequests;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every EC2 Query request may act, a GET as much as a POST ({@code GET /?Action=TerminateInstances&...}):
 * the guard must refuse it from other sites like any state change, or an image tag on any page could
 * terminate instances.
 */
@ApplicationScoped
class Ec2RequestsChangeState implements StateChangingRequests {

    @Override
    public boolean changesState(HttpServerRequest request) {
        return "/".equals(request.path())
                && Ec2Endpoint.isEc2Request(request.method(), request.getHeader("Content-Type"), request.query());
    }
}
