package dev.ec2service.network.domain;

import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;

/** The causes the instance network refuses a launch or start for. */
public final class NetworkErrors {

    public static final ErrorCode UNAVAILABLE =
            new ErrorCode("network-unavailable", Kind.UNAVAILABLE, "Instance network unavailable");
    public static final ErrorCode ADDRESSES_EXHAUSTED =
            new ErrorCode("address-pool-exhausted", Kind.CAPACITY, "No address left");

    private NetworkErrors() {
    }
}
