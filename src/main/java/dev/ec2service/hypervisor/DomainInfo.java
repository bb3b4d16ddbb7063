package dev.ec2service.hypervisor;

/** A defined domain: its name, libvirt UUID and current state. */
public record DomainInfo(String name, String uuid, DomainState state) {
}
