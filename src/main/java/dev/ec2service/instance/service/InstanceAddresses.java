package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.DhcpLease;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.service.NetworkSetup;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The addresses of running instances as the network's DHCP server hands them out (REQ-INST-013, REQ-NET-004):
 * leases are polled at the slow interval, and at the fast one only while a booted instance still waits for its
 * first lease.
 */
@ApplicationScoped
public class InstanceAddresses {

    private final InstanceStore store;
    private final Hypervisor hypervisor;
    private final NetworkSetup network;
    private final InstanceConfig config;
    /** Instances booted but whose lease has not been seen yet. */
    private final Set<String> awaitingLease = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService leasePoller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-poller");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant lastLeasePoll = Instant.EPOCH;

    InstanceAddresses(InstanceStore store, Hypervisor hypervisor, NetworkSetup network, InstanceConfig config) {
        this.store = store;
        this.hypervisor = hypervisor;
        this.network = network;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        // the scheduler's floor is one second; the address must show within a fraction of that
        leasePoller.scheduleWithFixedDelay(this::pollLeases, 0, config.leasePollFastInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        leasePoller.shutdownNow();
    }

    void awaitLease(String id) {
        awaitingLease.add(id);
    }

    void forget(String id) {
        awaitingLease.remove(id);
    }

    /** How many instances are waiting for their first lease (the fast polling runs while this is above zero). */
    public int awaitingLeaseCount() {
        return awaitingLease.size();
    }

    /** Lease polling: every tick while an instance waits for its first lease, else at the slow interval. */
    void pollLeases() {
        Instant now = Instant.now();
        if (awaitingLease.isEmpty() && now.isBefore(lastLeasePoll.plus(config.leasePollInterval()))) {
            return;
        }
        lastLeasePoll = now;
        try {
            List<Instance> live = store.live();
            // an instance that left running (stopped, failed, terminated) before its first lease waits no more
            Set<String> booted = live.stream().filter(i -> i.status == InstanceStatus.RUNNING
                    || i.status == InstanceStatus.PENDING).map(i -> i.id).collect(Collectors.toSet());
            awaitingLease.retainAll(booted);
            Map<String, DhcpLease> byMac = leasesByMac();
            for (Instance i : live) {
                applyLease(i, byMac);
            }
        } catch (HypervisorException e) {
            Log.debugf("lease poll skipped: %s", e.getMessage());
        } catch (RuntimeException e) {
            // an escaping exception would cancel the periodic task for good
            Log.warn("lease poll failed", e);
        }
    }

    /** REQ-INST-015: the address of one instance as the network's DHCP server sees it now. */
    Instance refreshAddress(Instance row) {
        return applyLease(row, leasesByMac());
    }

    private Map<String, DhcpLease> leasesByMac() {
        // leases outlive their domains; when a MAC has several, the one expiring last is the current one
        return hypervisor.dhcpLeases(network.wanted().name()).stream()
                .collect(Collectors.toMap(l -> l.mac().toLowerCase(), Function.identity(),
                        (a, b) -> a.expiresAt().isAfter(b.expiresAt()) ? a : b));
    }

    private Instance applyLease(Instance row, Map<String, DhcpLease> byMac) {
        DhcpLease lease = row.macAddress == null ? null : byMac.get(row.macAddress);
        if (lease == null || row.status != InstanceStatus.RUNNING) {
            return row;
        }
        awaitingLease.remove(row.id);
        if (Objects.equals(lease.ip(), row.ipAddress)) {
            return row;
        }
        Log.infof("%s: address %s (was %s)", row.id, lease.ip(), row.ipAddress);
        // decided again on the row as committed: a stop or termination may have come in between
        return store.update(row.id, i -> {
            if (i.status == InstanceStatus.RUNNING) {
                i.ipAddress = lease.ip();
            }
        });
    }
}
