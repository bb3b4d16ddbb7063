package dev.ec2service.hypervisor;

/** A hypervisor operation failed; the message is libvirt's own explanation. */
public class HypervisorException extends RuntimeException {
    public HypervisorException(String message) {
        super(message);
    }

    public HypervisorException(String message, Throwable cause) {
        super(message, cause);
    }
}
