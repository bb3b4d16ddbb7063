package dev.ec2service.hypervisor;

import dev.ec2service.platform.arch.Arch;
import java.nio.file.Path;

/**
 * Everything needed to define one guest. The adapter turns it into libvirt domain XML; no caller
 * ever writes XML.
 *
 * @param accelerator decides the domain type (kvm, hvf or qemu for TCG)
 * @param arch the guest architecture
 * @param metadata our own description of the guest, stored inside the domain
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
        DomainMetadata metadata) {

    /** Our description of the guest, kept in the domain's {@code <metadata>} element. */
    public record DomainMetadata(String instanceType, String name, String keyName, String imageId) {
    }
}
