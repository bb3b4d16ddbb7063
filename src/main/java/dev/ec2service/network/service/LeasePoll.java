package dev.ec2service.network.service;

import dev.ec2service.hypervisor.DhcpLease;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.network.port.AddressesSeen;
import dev.ec2service.network.port.InstanceNetwork;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Polls the NAT network's DHCP leases (REQ-INST-013, REQ-NET-004) and announces the addresses seen
 * ({@link AddressesSeen}): at the slow interval, and at the fast one only while a booted instance still waits for
 * its first lease, for at most {@code lease-poll-fast-for} after its boot.
 */
@ApplicationScoped
public class LeasePoll {

    /** The scheduler checks its triggers once a second; a tick keeps its polls inside its second. */
    private static final Duration TICK_BUDGET = Duration.ofMillis(900);
    private static final Duration EARLY_TICK_SLACK = Duration.ofMillis(50);

    private final Hypervisor hypervisor;
    private final InstanceNetwork network;
    private final LeasePollConfig config;
    private final Event<AddressesSeen> seen;
    /** Instances booted but whose lease has not been seen yet, with when fast polling gives up on each. */
    private final Map<String, Instant> awaiting = new ConcurrentHashMap<>();
    private volatile Instant lastPoll = Instant.EPOCH;
    /** The leases as the last poll read them (every 2 s at most, or faster while an instance boots). */
    private volatile Observed<List<DhcpLease>> lastRead;
    /** Set when the service stops: a tick that is still looping must not poll into a container shutting down. */
    private volatile boolean stopping;

    LeasePoll(Hypervisor hypervisor, InstanceNetwork network, LeasePollConfig config, Event<AddressesSeen> seen) {
        this.hypervisor = hypervisor;
        this.network = network;
        this.config = config;
        this.seen = seen;
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    void await(String instanceId) {
        awaiting.put(instanceId, Instant.now().plus(config.leasePollFastFor()));
    }

    void stopAwaiting(String instanceId) {
        awaiting.remove(instanceId);
    }

    void awaitOnly(Set<String> instanceIds) {
        awaiting.keySet().retainAll(instanceIds);
    }

    int awaitingCount() {
        return awaiting.size();
    }

    /**
     * Polls when the current interval has passed. The scheduler's floor is one second and an address must show
     * within a fraction of that, so while an instance waits, the tick polls at the fast interval until its second
     * is nearly over.
     */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (network.mode().user()) {
            // no libvirt network, no leases: the address of every guest is QEMU's
            return;
        }
        Instant end = Instant.now().plus(TICK_BUDGET);
        while (!stopping) {
            // a tick may fire a little early; without the slack a 2 s interval would poll every 3 s
            if (!Instant.now().isBefore(lastPoll.plus(interval()).minus(EARLY_TICK_SLACK))) {
                poll();
            }
            Instant next = lastPoll.plus(interval());
            if (!next.isBefore(end)) {
                return;
            }
            try {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), next).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Duration interval() {
        return awaiting.isEmpty() ? config.leasePollInterval() : config.leasePollFastInterval();
    }

    void poll() {
        Instant now = Instant.now();
        lastPoll = now;
        // a guest that never asks for a lease (static address, broken boot) is not waited for at 4 Hz for ever
        awaiting.entrySet().removeIf(e -> now.isAfter(e.getValue()));
        try {
            seen.fire(new AddressesSeen(addressesByMac()));
        } catch (HypervisorException e) {
            Log.debugf("lease poll skipped: %s", e.getMessage());
        } catch (RuntimeException e) {
            Log.warn("lease poll failed", e);
        }
    }

    /** The address each MAC (lower case) holds a lease for now. */
    Map<String, String> addressesByMac() {
        // leases outlive their domains; when a MAC has several, the one expiring last is the current one
        return read().stream()
                .collect(Collectors.toMap(l -> l.mac().toLowerCase(), Function.identity(),
                        (a, b) -> a.expiresAt().isAfter(b.expiresAt()) ? a : b))
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().ip()));
    }

    /** Addresses leased to whichever MAC, as the polls read them at most {@code maxAge} ago (else read now). */
    Set<String> leasedAddresses(Duration maxAge) {
        Observed<List<DhcpLease>> last = lastRead;
        return unexpired(last != null && last.fresherThan(maxAge) ? last.value() : read());
    }

    private static Set<String> unexpired(List<DhcpLease> leases) {
        Instant now = Instant.now();
        return leases.stream().filter(l -> l.expiresAt().isAfter(now)).map(DhcpLease::ip).collect(Collectors.toSet());
    }

    /** Addresses leased to whichever MAC as the last poll read them, however long ago; none before the first. */
    Set<String> lastLeasedAddresses() {
        Observed<List<DhcpLease>> last = lastRead;
        return last == null ? Set.of() : unexpired(last.value());
    }

    private List<DhcpLease> read() {
        long at = System.nanoTime();
        List<DhcpLease> leases = hypervisor.dhcpLeases(network.name());
        lastRead = Observed.since(at, leases);
        return leases;
    }
}
