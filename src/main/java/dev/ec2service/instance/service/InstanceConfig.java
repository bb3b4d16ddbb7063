package dev.ec2service.instance.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the instance lifecycle. */
@ConfigMapping(prefix = "ec2.instances")
public interface InstanceConfig {

    /** How long a stop waits for the guest to power off after the ACPI request before pulling the plug. */
    @WithDefault("60s")
    Duration stopTimeout();

    /** How often instances are reconciled with libvirt, the safety net behind lifecycle events. */
    @WithDefault("10s")
    Duration reconcileInterval();

    /** Largest user data accepted, in bytes (EC2's limit is 16 KiB). */
    @WithDefault("16384")
    int maxUserDataBytes();

    /**
     * NAT mode with spare addresses ({@code ec2.network.spare-addresses}): the first spare gets the disk and a paused
     * QEMU of the last launch's image and type, so the next launch like it only inserts its seed and lets the CPUs
     * run. The paused QEMU holds its process (about 40 MiB here), not the guest's memory.
     */
    @WithDefault("true")
    boolean prepareLaunches();

    /** How long an action waits for another action on the same instance to finish before it is refused as busy. */
    @WithDefault("60s")
    Duration lockWait();
}
