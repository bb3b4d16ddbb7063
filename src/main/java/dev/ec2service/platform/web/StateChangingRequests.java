package dev.ec2service.platform.web;

import io.vertx.core.http.HttpServerRequest;

/**
 * Requests that change state even though their method is GET, which the browser sends cross-site
 * without a preflight and without Origin (an image, a link). A feature that serves such requests (the
 * EC2 Query protocol's {@code GET /?Action=...}) declares them with a bean of this type, and
 * {@link LocalRequestGuard} then treats them like a POST: only from the service's own origin, never
 * marked cross-site by the browser.
 */
public interface StateChangingRequests {

    boolean changesState(HttpServerRequest request);
}
