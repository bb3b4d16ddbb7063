package dev.ec2service.hypervisor;

/** A storage pool as libvirt has it. */
public record StoragePoolState(String name, String type, String targetPath, boolean active, boolean autostart) {
}
