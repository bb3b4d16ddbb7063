package dev.ec2service.hypervisor;

/** There is no working connection to libvirt; callers answer 503 (REQ-REL-003). */
public class HypervisorUnavailableException extends HypervisorException {
    public HypervisorUnavailableException(String message) {
        super(HypervisorErrors.UNAVAILABLE, message, null);
    }

    public HypervisorUnavailableException(String message, Throwable cause) {
        super(HypervisorErrors.UNAVAILABLE, message, cause);
    }
}
