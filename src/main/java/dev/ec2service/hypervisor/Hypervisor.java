package dev.ec2service.hypervisor;

import java.util.List;
import java.util.Optional;

/**
 * The one port to the virtualisation layer. Every method blocks and must be called from a worker
 * thread; every failure arrives as a {@link HypervisorException}, and
 * {@link HypervisorUnavailableException} whenever libvirt cannot be reached.
 */
public interface Hypervisor {

    HypervisorStatus status();

    /** Throws {@link HypervisorUnavailableException} unless connected. */
    void requireConnected();

    Optional<NetworkState> findNetwork(String name);

    void defineNetwork(NetworkSpec spec);

    void startNetwork(String name);

    void setNetworkAutostart(String name);

    /** Adds a DHCP reservation to the running network and to its persistent definition. */
    void addDhcpHost(String network, DhcpHost host);

    /** Removes a DHCP reservation from the running network and its persistent definition. */
    void removeDhcpHost(String network, DhcpHost host);

    List<DhcpLease> dhcpLeases(String network);

    Optional<StoragePoolState> findStoragePool(String name);

    void defineStoragePool(StoragePoolSpec spec);

    void startStoragePool(String name);

    void setStoragePoolAutostart(String name);

    void defineDomain(DomainSpec spec);

    /**
     * Replaces the definition of a domain that is not running (other vCPUs and memory, say) under its UUID, so
     * what libvirt keeps beside it (the UEFI NVRAM file) stays; the next start boots the new definition. Refused
     * while the domain runs.
     */
    void redefineDomain(DomainSpec spec);

    void startDomain(String name);

    /**
     * Starts the domain's QEMU with the guest's CPUs stopped: the process and its devices are made, the guest runs
     * nothing until {@link #resumeDomain}.
     */
    void startDomainPaused(String name);

    /**
     * Puts the seed of {@code spec} into the empty seed drive of its domain, defined with
     * {@link DomainSpec#withSeedLater} and started paused, and makes {@code spec} the domain's definition from its
     * next start on (the same devices, the seed in its drive, the metadata). Safe to repeat. Refused unless the
     * domain runs or is paused.
     */
    void insertSeed(DomainSpec spec);

    /** Lets the CPUs of a paused domain run. */
    void resumeDomain(String name);

    /** Asks the guest to power off (ACPI power button). */
    void shutdownDomain(String name);

    /** Asks the guest to reboot (ACPI). */
    void rebootDomain(String name);

    /** Pulls the plug. Does nothing when the domain is not running. */
    void destroyDomain(String name);

    /**
     * Removes the definition with everything libvirt keeps for the domain (UEFI NVRAM file, managed save,
     * snapshot metadata). Does nothing when the domain does not exist.
     */
    void undefineDomain(String name);

    Optional<DomainInfo> findDomain(String name);

    /** Every defined domain, in one call. */
    List<DomainInfo> listDomains();

    /**
     * The counters of a running domain (CPU time, memory, disk and network bytes); empty when the domain does not
     * exist or is not running.
     */
    Optional<DomainStats> domainStats(String name);

    /**
     * Makes QEMU's user-mode networking of a running domain ({@link DomainSpec.Attachment#USER}) forward the host
     * port to the guest; a forward of that host port made earlier is replaced, so this is safe to repeat. Forwards
     * live in the QEMU process: a domain that starts again has none.
     */
    void forwardHostPort(String domain, HostForward forward);

    /**
     * Stops QEMU forwarding the host address and port of {@code forward} (its guest port does not matter) in a running
     * domain; nothing when it does not.
     */
    void unforwardHostPort(String domain, HostForward forward);

    /** Lets a listener hear about domain lifecycle changes (started, stopped, ...). */
    void addLifecycleListener(DomainLifecycleListener listener);
}
