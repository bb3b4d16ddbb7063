package dev.ec2service.hypervisor;

/** A directory storage pool. */
public record StoragePoolSpec(String name, String targetPath) {
}
