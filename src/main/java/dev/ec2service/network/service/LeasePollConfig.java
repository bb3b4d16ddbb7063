package dev.ec2service.network.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the NAT network's DHCP leases are polled for the addresses of instances (REQ-INST-013, REQ-NET-004). The
 * names these settings had under {@code ec2.instances} are still honoured.
 */
@ConfigMapping(prefix = "ec2.network")
public interface LeasePollConfig {

    /** Lease polling interval while no instance waits for its first lease. */
    @WithDefault("${ec2.instances.lease-poll-interval:2s}")
    Duration leasePollInterval();

    /**
     * Lease polling interval while an instance waits for its first lease (address in the API within this). Below
     * one second, the polls of one second run back to back on the scheduler's one-second tick.
     */
    @WithDefault("${ec2.instances.lease-poll-fast-interval:250ms}")
    Duration leasePollFastInterval();

    /** How long after a boot leases are polled fast for an instance whose first lease has not been seen. */
    @WithDefault("${ec2.instances.lease-poll-fast-for:5m}")
    Duration leasePollFastFor();
}
