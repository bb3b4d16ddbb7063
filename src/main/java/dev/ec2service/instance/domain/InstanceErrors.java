package dev.ec2service.instance.domain;

import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;

/** Every cause the instance feature refuses a request for; one code each, so clients tell them apart. */
public final class InstanceErrors {

    public static final ErrorCode NOT_FOUND = ErrorCode.notFound("Instance");
    public static final ErrorCode UNKNOWN_INSTANCE_TYPE =
            new ErrorCode("unknown-instance-type", Kind.INVALID, "Unknown instance type");
    public static final ErrorCode UNKNOWN_STATUS = new ErrorCode("unknown-status", Kind.INVALID, "Unknown status");
    public static final ErrorCode INVALID_FILTER = new ErrorCode("invalid-filter", Kind.INVALID, "Invalid filter");
    public static final ErrorCode INVALID_LIMIT = new ErrorCode("invalid-limit", Kind.INVALID, "Invalid limit");
    public static final ErrorCode INVALID_NEXT_TOKEN =
            new ErrorCode("invalid-next-token", Kind.INVALID, "Invalid next token");
    public static final ErrorCode INVALID_NAME = new ErrorCode("invalid-name", Kind.INVALID, "Invalid name");
    public static final ErrorCode USER_DATA_TOO_LARGE =
            new ErrorCode("user-data-too-large", Kind.INVALID, "User data too large");
    public static final ErrorCode INVALID_STATE =
            new ErrorCode("invalid-state", Kind.CONFLICT, "Not possible in the instance's state");
    public static final ErrorCode BUSY = new ErrorCode("instance-busy", Kind.CONFLICT, "Instance busy");
    public static final ErrorCode INSUFFICIENT_MEMORY =
            new ErrorCode("insufficient-memory", Kind.CAPACITY, "Not enough free memory");
    public static final ErrorCode INSUFFICIENT_DISK =
            new ErrorCode("insufficient-disk", Kind.CAPACITY, "Not enough free disk");
    public static final ErrorCode START_FAILED = new ErrorCode("start-failed", Kind.UPSTREAM_FAILED, "Start failed");
    public static final ErrorCode FILES_NOT_DELETED =
            new ErrorCode("instance-files-not-deleted", Kind.FAILED, "Instance files could not be deleted");
    public static final ErrorCode CONSOLE_UNREADABLE =
            new ErrorCode("console-unreadable", Kind.FAILED, "Console log unreadable");

    private InstanceErrors() {
    }
}
