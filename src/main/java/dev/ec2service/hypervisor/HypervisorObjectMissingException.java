package dev.ec2service.hypervisor;

/** The named domain, network or pool does not exist in libvirt. */
public class HypervisorObjectMissingException extends HypervisorException {
    public HypervisorObjectMissingException(String message) {
        super(message);
    }
}
