package dev.ec2service.network.service;

import dev.ec2service.hypervisor.DhcpHost;
import dev.ec2service.hypervisor.DomainSpec;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.hypervisor.HypervisorUnavailableException;
import dev.ec2service.hypervisor.HypervisorUri;
import dev.ec2service.hypervisor.NetworkSpec;
import dev.ec2service.hypervisor.NetworkState;
import dev.ec2service.network.domain.NetworkErrors;
import dev.ec2service.network.port.ActiveNetworkMode;
import dev.ec2service.network.port.InstanceNetwork;
import dev.ec2service.network.port.NetworkHealth;
import dev.ec2service.platform.config.Ec2Config;
import dev.ec2service.platform.repair.RepairSchedule;
import dev.ec2service.platform.repair.SetupProblem;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * Makes sure the NAT network of REQ-NET-001/002 exists, runs and starts with libvirtd (in {@code nat} mode; in
 * {@code user} mode there is no libvirt network and this does nothing). An existing
 * network is reused; one with other settings is reported, never replaced behind the user's back.
 * When it cannot be started the service keeps trying on a backoff (and at once after a reconnect), and
 * says why in health; launches are refused meanwhile instead of failing deep inside libvirt.
 */
@ApplicationScoped
public class NetworkSetup implements InstanceNetwork, NetworkHealth {

    private final Hypervisor hypervisor;
    private final Ec2Config.Network config;
    /** How often the kept view of the network is read again. */
    private static final Duration REFRESH_EVERY = Duration.ofSeconds(1);
    /** How old a view a launch takes instead of asking libvirt (the refresh keeps it younger while it runs). */
    static final Duration RECENT_ENOUGH = Duration.ofSeconds(5);

    private final String uri;
    private final RepairSchedule repairs;
    private final ActiveNetworkMode mode;
    /** One repair at a time; not a monitor, because a reconnect fires onConnected while holding the connection's. */
    private final ReentrantLock repairing = new ReentrantLock();
    private volatile String warning;
    /** The network as last read; refreshed every second, so launches need not ask libvirt themselves. */
    private volatile Observed<Optional<NetworkState>> seen;
    /** Guards {@link #seen} against a read that overlapped a removal storing what it read after the removal. */
    private final Object view = new Object();
    private long hostRemovals;

    NetworkSetup(Hypervisor hypervisor, Ec2Config config, NetworkModes modes) {
        this.hypervisor = hypervisor;
        this.mode = modes.active();
        this.config = config.network();
        this.uri = HypervisorUri.resolve(config);
        this.repairs = new RepairSchedule(config.libvirt().repairMinDelay(), config.libvirt().repairMaxDelay());
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public DomainSpec.Attachment attachment() {
        return mode.user() ? DomainSpec.Attachment.USER : DomainSpec.Attachment.NETWORK;
    }

    @Override
    public ActiveNetworkMode mode() {
        return mode;
    }

    /** The network as the configuration wants it. */
    @Override
    public NetworkSpec wanted() {
        return new NetworkSpec(config.name(), config.gateway(), config.prefix(), config.dhcpStart(), config.dhcpEnd(),
                List.of());
    }

    /** A warning about the network found in libvirt, or empty when it matches the configuration. */
    @Override
    public Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /** When the service last tried to define or start the network, why that failed, when it tries next. */
    @Override
    public RepairSchedule.Snapshot repairs() {
        return repairs.snapshot();
    }

    void onConnected(@Observes HypervisorConnected event) {
        if (mode.user()) {
            return;
        }
        repairs.checkSoon();
        try {
            repair();
        } catch (RuntimeException e) {
            // the observers after this one (the reconcile among them) must still hear of the connection; the
            // scheduled repair tries again
            Log.errorf(e, "setting up the network %s after connecting failed", name());
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRepair() {
        if (mode.user()) {
            return;
        }
        if (repairs.due(Instant.now())) {
            repair();
        }
        Observed<Optional<NetworkState>> last = seen;
        if (last == null || !last.fresherThan(REFRESH_EVERY)) {
            try {
                read();
            } catch (HypervisorException e) {
                // the connection is down: launches are refused for that before they ask about the network
                forgetView();
            }
        }
    }

    /** The network as libvirt has it now; kept for {@link #recent}. */
    Optional<NetworkState> read() {
        long before;
        synchronized (view) {
            before = hostRemovals;
        }
        long at = System.nanoTime();
        Optional<NetworkState> found = hypervisor.findNetwork(config.name());
        synchronized (view) {
            // a DHCP entry removed meanwhile may still be in what was read: not kept then
            if (hostRemovals == before) {
                seen = Observed.since(at, found);
            }
        }
        return found;
    }

    /**
     * This service removed a DHCP entry: the kept view loses it too, so the launch right after a termination sees
     * the address free (a pool of one address is reused at once) without reading the network again, which would
     * wait for any DHCP update under way (a spare's being made). An added entry needs nothing: it is an instance's
     * or a spare's, whose row already holds the address.
     */
    void hostRemoved(DhcpHost removed) {
        synchronized (view) {
            hostRemovals++;
            Observed<Optional<NetworkState>> last = seen;
            if (last != null) {
                seen = Observed.since(last.readAtNanos(), last.value().map(n -> without(n, removed)));
            }
        }
    }

    private static NetworkState without(NetworkState network, DhcpHost removed) {
        NetworkSpec spec = network.spec();
        List<DhcpHost> hosts = spec.hosts().stream().filter(h -> !h.mac().equalsIgnoreCase(removed.mac())).toList();
        return new NetworkState(new NetworkSpec(spec.name(), spec.gateway(), spec.prefix(), spec.dhcpStart(),
                spec.dhcpEnd(), hosts), network.forwardMode(), network.active(), network.autostart());
    }

    /** Drops the kept view: the network was defined or started. */
    private void forgetView() {
        synchronized (view) {
            seen = null;
        }
    }

    /** The network as read at most {@code maxAge} ago; empty when the last read is older (nothing is read now). */
    Optional<Optional<NetworkState>> ifRecent(Duration maxAge) {
        Observed<Optional<NetworkState>> last = seen;
        return last != null && last.fresherThan(maxAge) ? Optional.of(last.value()) : Optional.empty();
    }

    /** The network as read at most {@code maxAge} ago, or as libvirt has it now. */
    Optional<NetworkState> recent(Duration maxAge) {
        return ifRecent(maxAge).orElseGet(this::read);
    }

    /**
     * Refuses ({@code network-unavailable}) while the network cannot take instances, so a launch or start
     * creates nothing instead of failing halfway with libvirt's "network is not running".
     */
    @Override
    public void requireUsable() {
        refuseFor(problem());
    }

    @Override
    public void requireRecentlyUsable() {
        refuseFor(mode.user() ? Optional.empty() : problem(recent(RECENT_ENOUGH)));
    }

    private static void refuseFor(Optional<SetupProblem> problem) {
        problem.ifPresent(p -> {
            throw NetworkErrors.UNAVAILABLE.exception(p.refusalDetail());
        });
    }

    /** Why the network cannot take instances right now, or empty when it runs. Asks libvirt. */
    @Override
    public Optional<SetupProblem> problem() {
        // user-mode networking lives in each QEMU process: nothing to be down
        return mode.user() ? Optional.empty() : problem(read());
    }

    /** The same for a network state already read from libvirt. */
    @Override
    public Optional<SetupProblem> problem(Optional<NetworkState> found) {
        if (mode.user() || (found.isPresent() && found.get().active())) {
            return Optional.empty();
        }
        RepairSchedule.Snapshot attempts = repairs.snapshot();
        if (!attempts.failing()) {
            // stopped from outside since the last check: try again now rather than at the next routine check
            repairs.checkSoon();
        }
        String summary = "instance network " + config.name() + (found.isEmpty() ? " is not defined in libvirt" : " is not running");
        List<AddressHolders.Holder> holders = AddressHolders.overlapping(config.gateway(), config.prefix());
        return Optional.of(new SetupProblem(summary, attempts.lastError(), fixFor(uri, wanted(), attempts.lastError(), holders)));
    }

    /** Defines, starts and autostarts the network as needed; a failure is kept for health and retried later. */
    void repair() {
        // a repair already under way on another thread does the same work; waiting for it could deadlock
        if (!repairing.tryLock()) {
            return;
        }
        try {
            repairLocked();
        } finally {
            repairing.unlock();
        }
    }

    private void repairLocked() {
        Instant now = Instant.now();
        boolean wasFailing = repairs.snapshot().failing();
        try {
            if (ensure()) {
                repairs.succeeded(now);
                if (wasFailing) {
                    Log.infof("instance network %s is running again", config.name());
                }
            } else {
                repairs.foundRunning(now);
            }
        } catch (HypervisorUnavailableException e) {
            // the connection is gone; reconnecting runs the repair again
            Log.debugf("network repair skipped: %s", e.getMessage());
        } catch (HypervisorException e) {
            if (repairs.failed(now, e.getMessage())) {
                List<AddressHolders.Holder> holders = AddressHolders.overlapping(config.gateway(), config.prefix());
                Log.warnf("instance network %s cannot be started: %s. %s", config.name(), e.getMessage(),
                        fixFor(uri, wanted(), e.getMessage(), holders));
            }
        }
    }

    /** Brings the network to the wanted state; answers whether anything had to be done. */
    private boolean ensure() {
        NetworkSpec wanted = wanted();
        boolean acted = false;
        Optional<NetworkState> found = hypervisor.findNetwork(wanted.name());
        if (found.isEmpty()) {
            hypervisor.defineNetwork(wanted);
            forgetView();
            Log.infof("defined libvirt network %s (%s/%d, DHCP %s-%s)", wanted.name(), wanted.gateway(),
                    wanted.prefix(), wanted.dhcpStart(), wanted.dhcpEnd());
            found = hypervisor.findNetwork(wanted.name());
            acted = true;
        }
        NetworkState state = found.orElseThrow();
        String mismatch = describeMismatch(wanted, state);
        if (mismatch != null && !mismatch.equals(warning)) {
            Log.warn(mismatch);
        }
        warning = mismatch;
        if (!state.active()) {
            hypervisor.startNetwork(wanted.name());
            forgetView();
            Log.infof("started libvirt network %s", wanted.name());
            acted = true;
        }
        if (!state.autostart()) {
            hypervisor.setNetworkAutostart(wanted.name());
            acted = true;
        }
        return acted;
    }

    /** The command or setting that removes what keeps the network from starting, as far as it can be told. */
    static String fixFor(String uri, NetworkSpec wanted, String cause, List<AddressHolders.Holder> holders) {
        String otherSubnet = "or give the service another subnet (ec2.network.gateway, ec2.network.dhcp-start, "
                + "ec2.network.dhcp-end)";
        if (!HypervisorUri.isSystem(uri)) {
            return "libvirt at " + uri + " cannot create the bridge a NAT network needs; run the service against "
                    + "qemu:///system (ec2.libvirt.uri; as root or as a member of the libvirt group).";
        }
        if (!holders.isEmpty()) {
            String held = holders.stream().map(AddressHolders.Holder::describe).collect(Collectors.joining(", "));
            String delete = holders.stream().map(AddressHolders.Holder::iface).distinct()
                    .map(i -> "sudo ip link delete " + i).collect(Collectors.joining("; "));
            return held + ", overlapping the network's " + wanted.gateway() + "/" + wanted.prefix()
                    + ". If it is a bridge left behind by an earlier libvirtd, remove it: `" + delete + "`; if another "
                    + "libvirt network uses it (`virsh -c " + uri + " net-list --all`), stop that network, " + otherSubnet + ".";
        }
        if (cause != null && cause.contains("Address already in use")) {
            return "Another process holds the DNS or DHCP port on " + wanted.gateway() + ", often a dnsmasq left running "
                    + "by an earlier libvirtd: find it with `sudo ss -lunp 'sport = :67'` and end it, " + otherSubnet + ".";
        }
        if (cause == null) {
            return "It was stopped or removed outside the service; the service sets it up again, or run `virsh -c " + uri
                    + " net-start " + wanted.name() + "`.";
        }
        return "`virsh -c " + uri + " net-start " + wanted.name() + "` shows libvirt's complaint in full; "
                + "remove its cause, " + otherSubnet + ".";
    }

    static String describeMismatch(NetworkSpec wanted, NetworkState found) {
        NetworkSpec have = found.spec();
        if (have.sameAddressingAs(wanted) && "nat".equals(found.forwardMode())) {
            return null;
        }
        return String.format(
                "libvirt network '%s' exists with other settings (forward %s, %s/%d, DHCP %s-%s) than configured "
                        + "(forward nat, %s/%d, DHCP %s-%s); it is used as it is. To let the service recreate it, "
                        + "stop all instances and run: virsh net-destroy %s; virsh net-undefine %s",
                wanted.name(), found.forwardMode(), have.gateway(), have.prefix(), have.dhcpStart(), have.dhcpEnd(),
                wanted.gateway(), wanted.prefix(), wanted.dhcpStart(), wanted.dhcpEnd(), wanted.name(), wanted.name());
    }
}
