package dev.ec2service.instance.service;

import dev.ec2service.host.port.HostCapacity;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.platform.config.Ec2Config;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * REQ-LIM-001/002, counting what is promised: memory of every instance that runs or is about to, and the disk of
 * launches still being provisioned, so concurrent launches cannot all pass on the same free figures. Callers hold
 * the reservation lock from this check until their row is inserted.
 */
@ApplicationScoped
class CapacityCheck {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024L * MIB;

    private final HostCapacity host;
    private final InstanceStore store;
    private final Ec2Config config;

    CapacityCheck(HostCapacity host, InstanceStore store, Ec2Config config) {
        this.host = host;
        this.store = store;
        this.config = config;
    }

    void require(InstanceType type) {
        HostCapacity.Memory memory = host.memory();
        long committedMb = store.committedMemoryMb();
        long availableNowMb = memory.availableBytes() / MIB;
        long uncommittedMb = memory.totalBytes() / MIB - committedMb - type.memoryMb();
        long availableMb = Math.min(availableNowMb, uncommittedMb);
        long floorMb = config.limits().minFreeMemoryMb();
        if (availableMb < floorMb) {
            throw InstanceErrors.INSUFFICIENT_MEMORY.exception(
                    "the host has " + availableMb + " MiB of memory available for a new " + type.apiName() + " ("
                            + availableNowMb + " MiB available now; " + committedMb + " MiB promised to instances that"
                            + " run or are starting, plus " + type.memoryMb() + " MiB for this one, of "
                            + memory.totalBytes() / MIB + " MiB in all); new instances need at least " + floorMb
                            + " MiB left available (REQ-LIM-001)");
        }
        long pendingGb = store.pendingDiskGb();
        long freeGb = host.disk().freeBytes() / GIB - pendingGb;
        long neededGb = type.diskGb() + config.limits().diskHeadroomGb();
        if (freeGb <= neededGb) {
            throw InstanceErrors.INSUFFICIENT_DISK.exception(
                    "the data home's file system has " + freeGb + " GiB free" + (pendingGb > 0 ? " (after "
                            + pendingGb + " GiB promised to instances being created)" : "") + "; a " + type.apiName()
                            + " needs more than " + neededGb + " GiB (" + type.diskGb() + " GiB disk + "
                            + config.limits().diskHeadroomGb() + " GiB headroom, REQ-LIM-002)");
        }
    }
}
