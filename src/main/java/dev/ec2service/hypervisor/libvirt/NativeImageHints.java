package dev.ec2service.hypervisor.libvirt;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a native image must keep for libvirt-java and our own JNA calls: JNA reads structure fields
 * and builds interface proxies reflectively, and {@link NetworkNative} reads libvirt-java's network
 * handle by reflection. Not exercised here (no GraalVM on these machines), kept so the native
 * profile has what it needs.
 */
@RegisterForReflection(targets = {
    org.libvirt.Network.class,
    org.libvirt.Domain.class,
    org.libvirt.jna.virError.class,
    org.libvirt.jna.virDomainInfo.class,
    org.libvirt.jna.Libvirt.class,
    NetworkNative.Api.class,
    NetworkNative.Lease.class,
    QemuMonitorNative.Api.class,
}, ignoreNested = false)
final class NativeImageHints {
    private NativeImageHints() {
    }
}
