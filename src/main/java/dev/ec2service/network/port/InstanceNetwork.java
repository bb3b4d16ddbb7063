package dev.ec2service.network.port;

import dev.ec2service.hypervisor.DomainSpec;
import dev.ec2service.platform.repair.SetupProblem;
import java.util.Optional;

/** The network instances are attached to, as the instance lifecycle needs it: can it take them, and its name. */
public interface InstanceNetwork {

    /** The libvirt network a new domain's interface joins (when {@link #attachment} is a network). */
    String name();

    /** How a domain's interface is attached in the network mode in force. */
    DomainSpec.Attachment attachment();

    /** The network mode in force and why. */
    ActiveNetworkMode mode();

    /**
     * Refuses ({@code network-unavailable}) while the network cannot take instances, so a launch or start
     * creates nothing instead of failing halfway.
     */
    void requireUsable();

    /**
     * The same from a look at the network of the last seconds, for launches: they answer before the instance is
     * brought up, which waits ({@code pending}) should the network have stopped since. Asking libvirt would queue
     * the launch behind the DHCP update of the one before.
     */
    void requireRecentlyUsable();

    /** Why the network cannot take instances right now, or empty when it can. */
    Optional<SetupProblem> problem();
}
