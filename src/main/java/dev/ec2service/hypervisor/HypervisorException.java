package dev.ec2service.hypervisor;

import dev.ec2service.platform.error.DomainException;
import dev.ec2service.platform.error.ErrorCode;

/** A hypervisor operation failed; the message is libvirt's own explanation. */
public class HypervisorException extends DomainException {
    public HypervisorException(String message) {
        this(HypervisorErrors.REFUSED, message, null);
    }

    public HypervisorException(String message, Throwable cause) {
        this(HypervisorErrors.REFUSED, message, cause);
    }

    protected HypervisorException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
