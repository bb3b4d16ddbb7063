package dev.ec2service.instance.service;

import dev.ec2service.hypervisor.DhcpLease;
import dev.ec2service.hypervisor.DomainInfo;
import dev.ec2service.hypervisor.DomainState;
import dev.ec2service.hypervisor.Hypervisor;
import dev.ec2service.hypervisor.HypervisorConnected;
import dev.ec2service.hypervisor.HypervisorException;
import dev.ec2service.instance.domain.Instance;
import dev.ec2service.instance.domain.InstanceIds;
import dev.ec2service.instance.domain.InstanceStatus;
import dev.ec2service.network.service.NetworkSetup;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.context.ManagedExecutor;

/**
 * Keeps the instances table in step with libvirt: lifecycle events as they happen (a guest that
 * powers itself off is {@code stopped} without anyone asking), a periodic reconcile as a safety net
 * and after restarts, and DHCP lease polling for addresses (REQ-INST-013, REQ-NET-004).
 */
@ApplicationScoped
public class InstanceStateSync {

    private final InstanceStore store;
    private final InstanceLocks locks;
    private final Hypervisor hypervisor;
    private final NetworkSetup network;
    private final InstanceConfig config;
    private final ManagedExecutor executor;
    /** Instances booted but whose lease has not been seen yet: leases are polled fast while any waits. */
    private final Set<String> awaitingLease = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService leasePoller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-poller");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant lastLeasePoll = Instant.EPOCH;
    private volatile Instant lastReconcile = Instant.EPOCH;

    InstanceStateSync(InstanceStore store, InstanceLocks locks, Hypervisor hypervisor, NetworkSetup network,
            InstanceConfig config, ManagedExecutor executor) {
        this.store = store;
        this.locks = locks;
        this.hypervisor = hypervisor;
        this.network = network;
        this.config = config;
        this.executor = executor;
    }

    void onStart(@Observes StartupEvent event) {
        hypervisor.addLifecycleListener((name, state) -> {
            if (InstanceIds.ID.matcher(name).matches()) {
                executor.execute(() -> reconcileQuietly(name));
            }
        });
        // the scheduler's floor is one second; the address must show within a fraction of that
        leasePoller.scheduleWithFixedDelay(this::pollLeases, 0, config.leasePollFastInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        leasePoller.shutdownNow();
    }

    void onConnected(@Observes HypervisorConnected event) {
        // adopt what kept running while the service (or libvirtd) was away
        executor.execute(this::reconcileAll);
    }

    void awaitLease(String id) {
        awaitingLease.add(id);
    }

    /** Waits for a guest asked to power off; pulls the plug after the timeout. */
    void finishStop(String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (Instant.now().isBefore(deadline)) {
                Optional<DomainInfo> domain = hypervisor.findDomain(id);
                if (domain.isEmpty() || domain.get().state() == DomainState.SHUT_OFF) {
                    break;
                }
                Thread.sleep(200);
            }
            locks.withLock(id, () -> {
                Instance row = store.find(id).orElse(null);
                if (row == null || row.status != InstanceStatus.STOPPING) {
                    return null;
                }
                boolean forced = hypervisor.findDomain(id).map(d -> d.state() != DomainState.SHUT_OFF).orElse(false);
                if (forced) {
                    Log.warnf("%s: the guest ignored the power button for %s; forcing it off", id, timeout);
                    hypervisor.destroyDomain(id);
                }
                store.update(id, i -> {
                    i.status = InstanceStatus.STOPPED;
                    i.stateReason = forced ? "user requested stop; forced off after the guest ignored the power button for "
                            + timeout.toSeconds() + " s" : "user requested stop";
                });
                Log.infof("%s: stopped", id);
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (HypervisorException e) {
            Log.warnf("%s: finishing the stop failed: %s; the reconcile job will pick it up", id, e.getMessage());
        }
    }

    /** Lease polling: every tick while an instance waits for its first lease, else at the slow interval. */
    void pollLeases() {
        Instant now = Instant.now();
        if (awaitingLease.isEmpty() && now.isBefore(lastLeasePoll.plus(config.leasePollInterval()))) {
            return;
        }
        lastLeasePoll = now;
        try {
            Map<String, DhcpLease> byMac = leasesByMac();
            for (Instance i : store.live()) {
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
        if (lease == null) {
            return row;
        }
        awaitingLease.remove(row.id);
        if (Objects.equals(lease.ip(), row.ipAddress) || row.status != InstanceStatus.RUNNING) {
            return row;
        }
        Log.infof("%s: address %s (was %s)", row.id, lease.ip(), row.ipAddress);
        return store.update(row.id, i -> i.ipAddress = lease.ip());
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledReconcile() {
        if (Instant.now().isAfter(lastReconcile.plus(config.reconcileInterval()))) {
            reconcileAll();
        }
    }

    void reconcileAll() {
        lastReconcile = Instant.now();
        try {
            Map<String, DomainInfo> domains = hypervisor.listDomains().stream()
                    .collect(Collectors.toMap(DomainInfo::name, Function.identity()));
            for (Instance row : store.live()) {
                reconcile(row, Optional.ofNullable(domains.get(row.id)));
            }
        } catch (HypervisorException e) {
            Log.debugf("reconcile skipped: %s", e.getMessage());
        }
    }

    private void reconcileQuietly(String id) {
        try {
            store.find(id).ifPresent(row -> reconcile(row, hypervisor.findDomain(id)));
        } catch (HypervisorException e) {
            Log.debugf("%s: event reconcile skipped: %s", id, e.getMessage());
        }
    }

    /**
     * Brings one row in line with its domain and answers the row as it now stands. Rows with an
     * action in flight are left to that action.
     */
    Instance reconcile(Instance row, Optional<DomainInfo> domain) {
        if (row.status == InstanceStatus.TERMINATED || row.status == InstanceStatus.ERROR || locks.busy(row.id)) {
            return row;
        }
        InstanceStatus next = row.status;
        String reason = row.stateReason;
        if (domain.isEmpty()) {
            next = InstanceStatus.ERROR;
            reason = row.status == InstanceStatus.PENDING
                    ? "provisioning was interrupted (the service stopped before the instance booted)"
                    : "the libvirt domain " + row.id + " disappeared outside this service";
        } else {
            DomainState state = domain.get().state();
            if (state == DomainState.SHUT_OFF || state == DomainState.CRASHED) {
                if (row.status != InstanceStatus.STOPPED) {
                    reason = row.status == InstanceStatus.STOPPING ? "user requested stop"
                            : state == DomainState.CRASHED ? "the guest crashed" : "the guest powered itself off";
                }
                next = InstanceStatus.STOPPED;
            } else if (state == DomainState.RUNNING && row.status != InstanceStatus.STOPPING) {
                next = InstanceStatus.RUNNING;
                if (row.status != InstanceStatus.RUNNING) {
                    reason = "running outside this service's control was adopted";
                }
            }
        }
        if (next == row.status) {
            return row;
        }
        InstanceStatus target = next;
        String why = reason;
        return locks.withLock(row.id, () -> {
            Log.infof("%s: %s -> %s (%s)", row.id, row.status.wire(), target.wire(), why);
            return store.update(row.id, i -> {
                i.status = target;
                i.stateReason = why;
                if (target == InstanceStatus.RUNNING && i.launchedAt == null) {
                    i.launchedAt = Instant.now();
                }
            });
        });
    }
}
