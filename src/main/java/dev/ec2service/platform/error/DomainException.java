package dev.ec2service.platform.error;

/**
 * A refusal the service gives on purpose, thrown by services in domain terms: a code saying which cause, and a
 * detail for people. No service knows how a protocol answers it; each protocol maps it in one place.
 */
public class DomainException extends RuntimeException {

    private final ErrorCode code;

    protected DomainException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public Kind kind() {
        return code.kind();
    }

    public boolean is(ErrorCode other) {
        return code.equals(other);
    }
}
