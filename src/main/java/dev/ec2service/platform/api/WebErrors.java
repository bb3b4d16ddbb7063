package dev.ec2service.platform.api;

import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;

/**
 * Causes the web layer answers before or around any feature: unreadable requests, refused origins, failures
 * nobody expected. Statuses the router answers by itself (405, 406, 415, …) have the type {@code http-<status>}.
 */
public final class WebErrors {

    public static final ErrorCode MALFORMED_REQUEST =
            new ErrorCode("malformed-request", Kind.MALFORMED, "Malformed request");
    public static final ErrorCode VALIDATION_FAILED =
            new ErrorCode("validation-failed", Kind.INVALID, "Invalid request");
    public static final ErrorCode BODY_TOO_LARGE =
            new ErrorCode("body-too-large", Kind.TOO_LARGE, "Request body too large");
    public static final ErrorCode HOST_NOT_ALLOWED =
            new ErrorCode("host-not-allowed", Kind.FORBIDDEN, "Host not allowed");
    public static final ErrorCode CROSS_ORIGIN =
            new ErrorCode("origin-not-allowed", Kind.FORBIDDEN, "Cross-origin request refused");
    public static final ErrorCode CROSS_SITE =
            new ErrorCode("origin-not-allowed", Kind.FORBIDDEN, "Cross-site request refused");
    public static final ErrorCode INTERNAL_ERROR = new ErrorCode("internal-error", Kind.FAILED, "Internal error");

    private WebErrors() {
    }
}
