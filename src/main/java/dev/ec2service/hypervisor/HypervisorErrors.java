package dev.ec2service.hypervisor;

import dev.ec2service.platform.error.ErrorCode;
import dev.ec2service.platform.error.Kind;

/** The causes a hypervisor failure is answered with, whichever feature called it. */
public final class HypervisorErrors {

    public static final ErrorCode UNAVAILABLE =
            new ErrorCode("libvirt-unavailable", Kind.UNAVAILABLE, "libvirt is unavailable");
    public static final ErrorCode REFUSED =
            new ErrorCode("libvirt-error", Kind.UPSTREAM_FAILED, "libvirt refused the operation");

    private HypervisorErrors() {
    }
}
