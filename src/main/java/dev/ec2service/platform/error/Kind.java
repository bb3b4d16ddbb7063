package dev.ec2service.platform.error;

/**
 * What kind of refusal a {@link DomainException} is, in the domain's terms. Each protocol turns a kind into its
 * own answer in one place: an HTTP status for REST and the terminal's upgrade, a close code for an open terminal,
 * an EC2 error code and status for the EC2 API.
 */
public enum Kind {
    /** The request cannot be read at all (no body, not JSON, not a request). */
    MALFORMED,
    /** The request was refused because of who or where it came from. */
    FORBIDDEN,
    /** The named thing does not exist. */
    NOT_FOUND,
    /** The request contradicts the current state of the thing (already exists, in use, wrong state). */
    CONFLICT,
    /** The host has not enough memory, disk or addresses for what was asked. */
    CAPACITY,
    /** The request is readable but a value in it is not acceptable. */
    INVALID,
    /** The request body is larger than the service accepts. */
    TOO_LARGE,
    /** A limit on concurrent use is reached; the same request may succeed later. */
    TOO_MANY,
    /** The service failed where it should not have; nothing the client did. */
    FAILED,
    /** A system the service relies on (libvirt, a download server) refused or failed the operation. */
    UPSTREAM_FAILED,
    /** A system the service relies on is not there right now (libvirt down, the network not usable). */
    UNAVAILABLE,
    /** The disk holding the data home is too full for the operation. */
    NO_SPACE
}
