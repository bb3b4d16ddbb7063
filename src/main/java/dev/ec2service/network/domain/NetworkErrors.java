package dev.ec2service.network.domain;

import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;

/** The causes the instance network refuses a launch, a start or a port forward for. */
public final class NetworkErrors {

    public static final ErrorCode UNAVAILABLE =
            new ErrorCode("network-unavailable", Kind.UNAVAILABLE, "Instance network unavailable");
    public static final ErrorCode ADDRESSES_EXHAUSTED =
            new ErrorCode("address-pool-exhausted", Kind.CAPACITY, "No address left");
    public static final ErrorCode INVALID_PORT_FORWARD =
            new ErrorCode("invalid-port-forward", Kind.INVALID, "Invalid port forward");
    public static final ErrorCode HOST_PORT_IN_USE =
            new ErrorCode("host-port-in-use", Kind.CONFLICT, "Host port in use");
    public static final ErrorCode PORT_FORWARD_NOT_FOUND = ErrorCode.notFound("Port forward");
    /** User-mode networking: every port of the configured range on 127.0.0.1 is held by an instance or in use. */
    public static final ErrorCode SSH_PORTS_EXHAUSTED =
            new ErrorCode("ssh-ports-exhausted", Kind.CAPACITY, "No SSH port left");

    private NetworkErrors() {
    }
}
