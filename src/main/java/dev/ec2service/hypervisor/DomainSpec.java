package dev.ec2service.hypervisor;

import dev.ec2service.platform.arch.Arch;
import java.nio.file.Path;

/**
 * Everything needed to define one guest. The adapter turns it into libvirt domain XML; no caller
 * ever writes XML.
 *
 * @param accelerator decides the domain type (kvm, hvf or qemu for TCG)
 * @param arch the guest architecture
 * @param network the libvirt network the interface joins ({@link Attachment#NETWORK}); unused otherwise
 * @param metadata our own description of the guest, stored inside the domain
 * @param attachment how the one network interface is attached
 * @param seedLater the seed drive is made empty: {@link Hypervisor#insertSeed} puts the seed in while the domain is
 *        paused before its first instruction (a domain prepared before its launch's seed exists)
 */
public record DomainSpec(
        String name,
        Accelerator accelerator,
        Arch arch,
        int vcpus,
        int memoryMb,
        Path disk,
        Path seedIso,
        String network,
        String mac,
        Path consoleLog,
        DomainMetadata metadata,
        Attachment attachment,
        boolean seedLater) {

    /** A guest whose seed is in its drive from the start. */
    public DomainSpec(String name, Accelerator accelerator, Arch arch, int vcpus, int memoryMb, Path disk, Path seedIso,
            String network, String mac, Path consoleLog, DomainMetadata metadata, Attachment attachment) {
        this(name, accelerator, arch, vcpus, memoryMb, disk, seedIso, network, mac, consoleLog, metadata, attachment,
                false);
    }

    /** A guest on a libvirt network. */
    public DomainSpec(String name, Accelerator accelerator, Arch arch, int vcpus, int memoryMb, Path disk, Path seedIso,
            String network, String mac, Path consoleLog, DomainMetadata metadata) {
        this(name, accelerator, arch, vcpus, memoryMb, disk, seedIso, network, mac, consoleLog, metadata,
                Attachment.NETWORK);
    }

    /** The same guest with its seed drive empty until {@link Hypervisor#insertSeed}. */
    public DomainSpec withSeedLater() {
        return new DomainSpec(name, accelerator, arch, vcpus, memoryMb, disk, seedIso, network, mac, consoleLog,
                metadata, attachment, true);
    }

    /**
     * How the guest's interface reaches the outside: through a libvirt network (its NAT network), or through QEMU's
     * own user-mode networking (no bridge, no root; the guest is 10.0.2.15 and host ports are forwarded to it at
     * run time through {@link Hypervisor#forwardHostPort}).
     */
    public enum Attachment {
        NETWORK,
        USER
    }

    /** Our description of the guest, kept in the domain's {@code <metadata>} element. */
    public record DomainMetadata(String instanceType, String name, String keyName, String imageId) {
    }
}
