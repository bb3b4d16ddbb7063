package dev.ec2service.platform.error;

/** Causes any feature may answer about the request itself rather than about one of its resources. */
public final class RequestErrors {

    public static final ErrorCode MALFORMED_BODY =
            new ErrorCode("malformed-body", Kind.MALFORMED, "Malformed request body");
    public static final ErrorCode SERVICE_STOPPING =
            new ErrorCode("service-stopping", Kind.UNAVAILABLE, "Service stopping");

    private RequestErrors() {
    }

    public static DomainException missingBody() {
        return MALFORMED_BODY.exception("a JSON body is required");
    }
}
