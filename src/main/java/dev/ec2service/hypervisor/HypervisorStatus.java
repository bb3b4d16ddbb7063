package dev.ec2service.hypervisor;

/** What is known about the libvirt connection right now. */
public record HypervisorStatus(
        boolean connected,
        String uri,
        String libvirtVersion,
        String hypervisorType,
        String hypervisorVersion,
        String lastError) {
}
