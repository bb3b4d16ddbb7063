package dev.ec2service.network.service;

import dev.ec2service.hypervisor.DhcpHost;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.hypervisor.NetworkState;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.network.port.AddressAllocator;
import dev.ec2service.network.port.Holdings;
import dev.ec2service.network.port.InstanceNetwork;
import dev.ec2service.network.port.Reservation;
import dev.ec2service.network.port.Spare;
import dev.ec2service.platform.config.Ec2Config;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Addresses on the libvirt NAT network: the DHCP range is the pool (REQ-NET-007), a DHCP host entry MAC → address
 * named after the instance makes dnsmasq hand the reserved address out (REQ-NET-006), and leases say which address
 * an instance has.
 */
@ApplicationScoped
@Typed(NatAddressAllocator.class)
public class NatAddressAllocator implements AddressAllocator {

    private final Hypervisor hypervisor;
    private final InstanceNetwork network;
    private final NetworkSetup setup;
    private final AddressPool pool;
    private final LeasePoll leases;
    private final SpareStore spares;
    private final Ec2Config.Network config;

    NatAddressAllocator(Hypervisor hypervisor, InstanceNetwork network, NetworkSetup setup, AddressPool pool,
            LeasePoll leases, SpareStore spares, Ec2Config config) {
        this.hypervisor = hypervisor;
        this.spares = spares;
        this.setup = setup;
        this.network = network;
        this.pool = pool;
        this.leases = leases;
        this.config = config.network();
    }

    @Override
    public Reservation reserve(String instanceId, Collection<Reservation> reserved) {
        // what the network and dnsmasq hold as read in the last seconds: reading them now would wait for any DHCP
        // update under way (an earlier launch's), and the rows are what makes a reservation unique; only a pool
        // that looks full is worth a fresh look (an entry removed since the view was read)
        String ip = free(reserved, setup.recent(NetworkSetup.RECENT_ENOUGH), recentlyLeased())
                .or(() -> free(reserved, setup.read(), recentlyLeased())).orElseThrow(
                () -> NetworkErrors.ADDRESSES_EXHAUSTED.exception("all " + pool.size() + " addresses of the DHCP range "
                        + config.dhcpStart() + "-" + config.dhcpEnd() + " are reserved by instances; terminate one first"));
        return new Reservation(ip, Macs.of(instanceId));
    }

    /**
     * The first address neither reserved by an instance or a spare nor by anyone else in the network, as
     * {@code seen}.
     */
    private Optional<String> free(Collection<Reservation> reserved, Optional<NetworkState> seen, Set<String> leased) {
        // reserved by instances and spares, plus any reservation someone else put into the network
        Set<String> taken = reserved.stream().map(Reservation::ip).filter(Objects::nonNull)
                .collect(Collectors.toCollection(HashSet::new));
        spares.all().forEach(s -> taken.add(s.reservation().ip()));
        seen.map(n -> n.spec().hosts()).orElse(List.of()).forEach(h -> taken.add(h.ip()));
        // dnsmasq will not hand out an address still leased to another MAC (leases outlive domains by up to an
        // hour), so such addresses come last
        Set<String> takenOrLeased = new HashSet<>(taken);
        takenOrLeased.addAll(leased);
        return pool.firstFree(takenOrLeased).or(() -> pool.firstFree(taken));
    }

    private Set<String> recentlyLeased() {
        return leases.leasedAddresses(NetworkSetup.RECENT_ENOUGH);
    }

    /**
     * From the network as read in the last seconds and the leases as last polled (they only order the choice), or
     * nothing when that read is older: never waits for libvirt, whose answers wait for any update under way.
     */
    @Override
    public Optional<Reservation> reserveWithoutWaiting(String instanceId, Collection<Reservation> reserved) {
        return setup.ifRecent(NetworkSetup.RECENT_ENOUGH)
                .flatMap(seen -> free(reserved, seen, leases.lastLeasedAddresses()))
                .map(ip -> new Reservation(ip, Macs.of(instanceId)));
    }

    @Override
    public int spareTarget() {
        return Math.max(0, config.spareAddresses());
    }

    @Override
    public List<Spare> spares() {
        return spares.all();
    }

    @Override
    public boolean inRange(Spare spare) {
        return pool.assignable(spare.reservation().ip());
    }

    @Override
    public void recordSpare(Spare spare) {
        spares.insert(spare);
    }

    @Override
    public void forgetSpare(String instanceId) {
        spares.delete(instanceId);
    }

    /** The DHCP host entry MAC → address, unless the network already holds one for this MAC. */
    @Override
    public void bind(String instanceId, Reservation reservation) {
        if (reservation.ip() == null || reservation.mac() == null) {
            return;
        }
        if (held(reservation.mac())) {
            return;
        }
        try {
            hypervisor.addDhcpHost(network.name(), new DhcpHost(reservation.mac(), reservation.ip(), instanceId));
        } catch (HypervisorException e) {
            // a spare's binding and the launch that took it may add the same entry at once; libvirt refuses the
            // second, which then has what it wanted
            if (!held(reservation.mac())) {
                throw e;
            }
        }
    }

    private boolean held(String mac) {
        return hosts().stream().anyMatch(h -> mac.equalsIgnoreCase(h.mac()));
    }

    @Override
    public void release(String instanceId, Reservation reservation) {
        if (reservation.mac() == null) {
            return;
        }
        try {
            List<DhcpHost> held = hosts().stream().filter(h -> reservation.mac().equalsIgnoreCase(h.mac())).toList();
            for (DhcpHost host : held) {
                hypervisor.removeDhcpHost(network.name(), host);
                setup.hostRemoved(host);
            }
        } catch (HypervisorException e) {
            // a reservation that is already gone is what we want; anything else is worth a warning
            Log.warnf("%s: could not remove the address reservation %s: %s", instanceId, reservation.ip(),
                    e.getMessage());
        }
    }

    /** The network runs by itself: nothing is tied to the domain's run. */
    @Override
    public void started(String instanceId, Reservation reservation) {
    }

    @Override
    public Optional<String> currentAddress(String mac) {
        return mac == null ? Optional.empty() : Optional.ofNullable(leases.addressesByMac().get(mac.toLowerCase()));
    }

    @Override
    public void awaitAddress(String instanceId) {
        leases.await(instanceId);
    }

    @Override
    public void stopAwaiting(String instanceId) {
        leases.stopAwaiting(instanceId);
    }

    @Override
    public void awaitOnly(Set<String> instanceIds) {
        leases.awaitOnly(instanceIds);
    }

    @Override
    public int awaitingCount() {
        return leases.awaitingCount();
    }

    /**
     * A spare's entry is held but owned by no instance, so it is left out of the entries. The spares are read after
     * the network: an entry listed has its spare recorded before it was made, and a launch that took the spare
     * since inserted its row first, which the sweep reads after this.
     */
    @Override
    public Holdings holdings() {
        List<DhcpHost> hosts = hosts();
        Set<String> spareMacs = spares.all().stream().map(s -> s.reservation().mac().toLowerCase())
                .collect(Collectors.toSet());
        return new Holdings(hosts.stream().map(h -> h.mac().toLowerCase()).collect(Collectors.toSet()),
                hosts.stream().filter(h -> !spareMacs.contains(h.mac().toLowerCase()))
                        .map(h -> new Holdings.Entry(h.mac(), h.ip(), h.name())).toList());
    }

    /** Only entries in this service's DHCP range: an entry elsewhere is someone else's. */
    @Override
    public void releaseOrphans(Holdings holdings, Predicate<String> orphaned) {
        for (Holdings.Entry entry : holdings.entries()) {
            String owner = entry.owner();
            if (owner != null && pool.contains(entry.ip()) && orphaned.test(owner)) {
                try {
                    Log.warnf("releasing the address reservation %s -> %s of unknown instance %s", entry.mac(),
                            entry.ip(), owner);
                    DhcpHost host = new DhcpHost(entry.mac(), entry.ip(), owner);
                    hypervisor.removeDhcpHost(network.name(), host);
                    setup.hostRemoved(host);
                } catch (RuntimeException e) {
                    Log.warnf("%s: could not release a leftover: %s", owner, e.getMessage());
                }
            }
        }
    }

    private List<DhcpHost> hosts() {
        return setup.read().map(n -> n.spec().hosts()).orElse(List.of());
    }
}
