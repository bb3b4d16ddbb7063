package dev.ec2service.instance.service;

import dev.ec2service.host.port.HostCapacity;
import dev.ec2service.instance.domain.InstanceErrors;
import dev.ec2service.instance.domain.InstanceType;
import dev.ec2service.platform.config.Ec2Config;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * REQ-LIM-001/002. Memory counts what is promised (every instance that runs or is about to), so concurrent launches
 * cannot all pass on the same free figure; callers hold the reservation lock from the memory check until their row
 * is inserted. Disk counts what is free: an overlay is thin and a launch writes next to nothing, so a burst of launches
 * is judged as the same launches one after another would be (running instances' future growth is not reserved
 * either).
 */
@ApplicationScoped
class CapacityCheck {

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024L * MIB;

    private final HostCapacity host;
    private final Ec2Config config;

    CapacityCheck(HostCapacity host, Ec2Config config) {
        this.host = host;
        this.config = config;
    }

    /** The host's own figures: read before the reservation lock, they are no promise and take a while to read. */
    record HostRoom(HostCapacity.Memory memory, long freeDiskBytes) {
    }

    HostRoom read() {
        return new HostRoom(host.memory(), host.disk().freeBytes());
    }

    /**
     * Under the reservation lock, with the memory promised to instances read there: memory first (REQ-LIM-001),
     * then the disk (REQ-LIM-002).
     */
    void require(InstanceType type, HostRoom room, long committedMb) {
        HostCapacity.Memory memory = room.memory();
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
        long freeGb = room.freeDiskBytes() / GIB;
        long neededGb = type.diskGb() + config.limits().diskHeadroomGb();
        if (freeGb <= neededGb) {
            throw InstanceErrors.INSUFFICIENT_DISK.exception(
                    "the data home's file system has " + freeGb + " GiB free; a " + type.apiName()
                            + " needs more than " + neededGb + " GiB (" + type.diskGb() + " GiB disk + "
                            + config.limits().diskHeadroomGb() + " GiB headroom, REQ-LIM-002)");
        }
    }
}
