package dev.ec2service.instance.service;

import dev.ec2service.host.port.GuestAccelerator;
import dev.ec2service.hypervisor.DomainSpec;
import dev.ec2service.image.domain.Image;
import dev.ec2service.image.port.ImageLookup;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.network.port.InstanceNetwork;
import dev.ec2service.platform.arch.Arch;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/** The domain an instance row describes, for its launch, its type change and a launch prepared ahead. */
@ApplicationScoped
class InstanceDomains {

    private final InstanceResources resources;
    private final InstanceNetwork network;
    private final GuestAccelerator accelerator;
    private final ImageLookup images;

    InstanceDomains(InstanceResources resources, InstanceNetwork network, GuestAccelerator accelerator,
            ImageLookup images) {
        this.resources = resources;
        this.network = network;
        this.accelerator = accelerator;
        this.images = images;
    }

    /** Its type's vCPUs and memory, its disk, seed, address and console. */
    DomainSpec spec(Instance row, Image image) {
        return spec(row, row.instanceType, row.vcpus, row.memoryMb, image);
    }

    /** The domain of {@code row} resized to {@code type}: what a type change defines before the row records it. */
    DomainSpec spec(Instance row, InstanceType type, Image image) {
        return spec(row, type.apiName(), type.vcpus(), type.memoryMb(), image);
    }

    private DomainSpec spec(Instance row, String typeName, int vcpus, int memoryMb, Image image) {
        Arch arch = Arch.parse(image.arch).orElse(Arch.X86_64);
        return new DomainSpec(row.id, accelerator.acceleratorFor(arch), arch, vcpus, memoryMb, resources.disk(row.id),
                resources.seedIso(row.id), network.name(), row.macAddress, resources.consoleLog(row.id),
                new DomainSpec.DomainMetadata(typeName, row.name, row.sshKeyName, row.imageId), network.attachment());
    }

    /** The image to boot, refused when it is unknown or its file is not usable. */
    Image image(String imageId) {
        return QuarkusTransaction.requiringNew().call(() -> images.requireAvailable(imageId));
    }
}
