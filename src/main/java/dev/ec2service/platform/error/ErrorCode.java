package dev.ec2service.platform.error;

import java.util.Objects;

/**
 * One cause of refusal: a stable slug (the REST problem type is {@code urn:ec2-as-service:problem:<slug>}), its
 * kind and a short title. Every feature declares its codes as constants, so each protocol can map them in one
 * place and the API document can list them all.
 */
public record ErrorCode(String slug, Kind kind, String title) {

    public ErrorCode {
        Objects.requireNonNull(slug);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(title);
    }

    /** The "does not exist" code of one kind of resource, e.g. {@code notFound("Instance")}. */
    public static ErrorCode notFound(String resource) {
        return new ErrorCode("not-found", Kind.NOT_FOUND, resource + " not found");
    }

    public DomainException exception(String detail) {
        return new DomainException(this, detail, null);
    }

    public DomainException exception(String detail, Throwable cause) {
        return new DomainException(this, detail, cause);
    }
}
