package dev.ec2service.metrics.domain;

import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;

/** Every cause the metrics feature refuses a request for. */
public final class MetricsErrors {

    public static final ErrorCode INVALID_SINCE = new ErrorCode("invalid-since", Kind.INVALID, "Invalid since");

    private MetricsErrors() {
    }
}
