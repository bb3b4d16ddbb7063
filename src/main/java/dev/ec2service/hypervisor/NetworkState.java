package dev.ec2service.hypervisor;

/** A network as libvirt has it: its definition, whether it runs, whether it starts with libvirtd, and its forward mode. */
public record NetworkState(NetworkSpec spec, String forwardMode, boolean active, boolean autostart) {
}
